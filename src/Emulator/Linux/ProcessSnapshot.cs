using System.Text;
using Ivm.Emulator.Cpu;
using Ivm.Emulator.Memory;

namespace Ivm.Emulator.Linux;

// Execution-state format, version 2, all integers little-endian:
//   "IVMPROC\u0002" (8 bytes), u64 initial break, u64 program break,
//   u8 flags (bit 0: parks on blocking calls), i64 CLOCK_MONOTONIC nanoseconds,
//   u8 wait (0 none, 1 timer, 2 input) followed, for a timer, by u64 nanoseconds still to sleep and,
//     for an input wait, by u64 buffer address and u64 byte count of the parked read(0),
//   the CPU state (CpuStateSerializer), "IVMPEND\0".
// A whole snapshot is the execution state followed by the memory (GuestMemory.Save).

/// <summary>
/// A running program's complete state — CPU, memory, program break, the system call it is parked in —
/// in one stream, so it can be stopped between any two instructions (or while it sleeps or waits for
/// input) and continued exactly there by a fresh emulator, on this host or another: suspend, resume and
/// migration all ship this. Migration ships the memory on its own, page by page, and the rest with
/// <see cref="SaveExecutionState"/> at the end.
/// </summary>
public static class ProcessSnapshot
{
    private static readonly byte[] s_magic = "IVMPROC\u0002"u8.ToArray();
    private static readonly byte[] s_endMarker = "IVMPEND\0"u8.ToArray();
    private const byte ParksOnBlockingCallsFlag = 1;

    /// <summary>Writes the execution state then the memory. Call while the process is not running.</summary>
    /// <exception cref="InvalidOperationException">The program has ended, or has host files open.</exception>
    public static void Save(LinuxProcess process, Stream stream)
    {
        SaveExecutionState(process, stream);
        process.Memory.Save(stream);
    }

    /// <summary>Reads what <see cref="Save"/> wrote into a new process ready to <see cref="LinuxProcess.Run"/>.</summary>
    /// <exception cref="InvalidDataException">The stream is not a snapshot of this version, or is truncated or corrupt.</exception>
    public static LinuxProcess Restore(Stream stream, LinuxStreams streams)
    {
        var state = ReadExecutionState(stream);
        return state.Apply(GuestMemory.Restore(stream), streams);
    }

    /// <summary>
    /// Writes everything but the memory pages: program break, the parked system call (a sleep as the
    /// time still to sleep, so it re-arms against the restoring host's clock; a read(0) as its buffer
    /// and count, so the restored program still waits for input), the monotonic clock and the CPU.
    /// Call while the process is not running.
    /// </summary>
    /// <exception cref="InvalidOperationException">The program has ended, or has host files open.</exception>
    public static void SaveExecutionState(LinuxProcess process, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(stream);
        if (process.ExitStatus is not null || process.Fault is not null)
        {
            throw new InvalidOperationException("the program has ended; there is nothing to snapshot");
        }

        var calls = process.SystemCalls;
        if (calls.OpenFileCount > 0)
        {
            throw new InvalidOperationException($"the program has {calls.OpenFileCount} host file(s) open; a snapshot cannot carry open files, so it can only be taken while none is open");
        }

        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(s_magic);
            w.Write(process.InitialBreak);
            w.Write(process.ProgramBreak);
            w.Write(process.ParksOnBlockingCalls ? ParksOnBlockingCallsFlag : (byte)0);
            w.Write(calls.MonotonicNanoseconds);
            w.Write((byte)calls.Waiting);
            switch (calls.Waiting)
            {
                case ProcessWait.Timer:
                    w.Write(calls.RemainingSleepNanoseconds());
                    break;
                case ProcessWait.Input:
                    w.Write(calls.PendingRead.Buffer);
                    w.Write(calls.PendingRead.Count);
                    break;
            }
        }

        CpuStateSerializer.Save(process.Cpu, stream);
        stream.Write(s_endMarker);
    }

    /// <summary>
    /// Reads what <see cref="SaveExecutionState"/> wrote and joins it to <paramref name="memory"/> (shipped
    /// separately) in a new process ready to <see cref="LinuxProcess.Run"/>; a parked one completes its
    /// call when its sleep is over or its input arrives.
    /// </summary>
    /// <exception cref="InvalidDataException">The stream is not an execution state of this version, or is truncated or corrupt.</exception>
    public static LinuxProcess RestoreExecutionState(Stream stream, GuestMemory memory, LinuxStreams streams)
    {
        ArgumentNullException.ThrowIfNull(memory);
        return ReadExecutionState(stream).Apply(memory, streams);
    }

    private static ExecutionState ReadExecutionState(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var state = new ExecutionState();
        try
        {
            using (var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true))
            {
                if (!r.ReadBytes(s_magic.Length).AsSpan().SequenceEqual(s_magic))
                {
                    throw new InvalidDataException("not an Ivm process snapshot of version 2 (bad magic or version)");
                }

                state.InitialBreak = r.ReadUInt64();
                state.ProgramBreak = r.ReadUInt64();
                byte flags = r.ReadByte();
                if ((flags & ~ParksOnBlockingCallsFlag) != 0)
                {
                    throw new InvalidDataException($"process snapshot has unknown flags 0x{flags:x2}");
                }

                state.ParksOnBlockingCalls = (flags & ParksOnBlockingCallsFlag) != 0;
                state.MonotonicNanoseconds = r.ReadInt64();
                state.Wait = (ProcessWait)r.ReadByte();
                switch (state.Wait)
                {
                    case ProcessWait.None:
                        break;
                    case ProcessWait.Timer:
                        state.SleepNanoseconds = r.ReadUInt64();
                        break;
                    case ProcessWait.Input:
                        state.ReadBuffer = r.ReadUInt64();
                        state.ReadCount = r.ReadUInt64();
                        break;
                    default:
                        throw new InvalidDataException($"process snapshot has unknown wait kind {(byte)state.Wait}; known are 0 (none), 1 (timer), 2 (input)");
                }

                if (state.InitialBreak > state.ProgramBreak)
                {
                    throw new InvalidDataException($"process snapshot's program break 0x{state.ProgramBreak:x} lies below its initial break 0x{state.InitialBreak:x}");
                }
            }

            state.Cpu = CpuStateSerializer.Restore(stream);
            Span<byte> end = stackalloc byte[8];
            stream.ReadExactly(end);
            if (!end.SequenceEqual(s_endMarker))
            {
                throw new InvalidDataException("process snapshot's execution state does not end where it should; it is corrupt");
            }
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException("process snapshot is truncated");
        }

        return state;
    }

    private sealed class ExecutionState
    {
        public ulong InitialBreak, ProgramBreak, SleepNanoseconds, ReadBuffer, ReadCount;
        public long MonotonicNanoseconds;
        public bool ParksOnBlockingCalls;
        public ProcessWait Wait;
        public CpuState? Cpu;

        public LinuxProcess Apply(GuestMemory memory, LinuxStreams streams)
        {
            var process = new LinuxProcess(memory, Cpu!, InitialBreak, streams)
            {
                ProgramBreak = ProgramBreak,
                ParksOnBlockingCalls = ParksOnBlockingCalls,
            };
            var calls = process.SystemCalls;
            calls.MonotonicNanoseconds = MonotonicNanoseconds;
            if (Wait == ProcessWait.Timer)
            {
                calls.RestoreTimerWait(SleepNanoseconds);
            }
            else if (Wait == ProcessWait.Input)
            {
                calls.RestoreInputWait(ReadBuffer, ReadCount);
            }

            return process;
        }
    }
}
