using System.Text;
using Ivm.Emulator.Cpu;
using Ivm.Emulator.Memory;

namespace Ivm.Emulator.Linux;

/// <summary>
/// A running program's complete state — CPU, memory, program break — in one stream, so it can be
/// stopped between any two instructions and continued exactly there by a fresh emulator (suspend,
/// resume and migration all ship this).
/// </summary>
public static class ProcessSnapshot
{
    private static readonly byte[] s_magic = "IVMPROC\u0001"u8.ToArray();

    public static void Save(LinuxProcess process, Stream stream)
    {
        if (process.ExitStatus is not null || process.Fault is not null)
        {
            throw new InvalidOperationException("the program has ended; there is nothing to snapshot");
        }

        // The parked call's pending completion lives outside the CPU and memory the snapshot holds.
        if (process.Waiting != ProcessWait.None)
        {
            throw new InvalidOperationException($"the program is parked in a system call (waiting for {process.Waiting}); run it until the call completes before taking a snapshot");
        }

        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(s_magic);
            w.Write(process.InitialBreak);
            w.Write(process.ProgramBreak);
        }

        CpuStateSerializer.Save(process.Cpu, stream);
        process.Memory.Save(stream);
    }

    public static LinuxProcess Restore(Stream stream, LinuxStreams streams)
    {
        ulong initialBreak, programBreak;
        try
        {
            using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            if (!r.ReadBytes(s_magic.Length).AsSpan().SequenceEqual(s_magic))
            {
                throw new InvalidDataException("not an Ivm process snapshot (bad magic or version)");
            }

            initialBreak = r.ReadUInt64();
            programBreak = r.ReadUInt64();
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException("process snapshot is truncated");
        }

        var cpu = CpuStateSerializer.Restore(stream);
        var memory = GuestMemory.Restore(stream);
        return new LinuxProcess(memory, cpu, initialBreak, streams) { ProgramBreak = programBreak };
    }
}
