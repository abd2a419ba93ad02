using System.Text;

namespace Ivm.Emulator.Cpu;

/// <summary>
/// Writes and reads the complete <see cref="CpuState"/> in a small versioned binary format, so that a
/// running program can be suspended, migrated and resumed exactly where it stopped.
/// </summary>
public static class CpuStateSerializer
{
    private static readonly byte[] s_magic = "IVMCPU\0\u0003"u8.ToArray();

    public static void Save(CpuState cpu, Stream stream)
    {
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(s_magic);
        w.Write(cpu.Ip);
        w.Write(cpu.Slot);
        w.Write(cpu.Cfm.Bits);
        w.Write(cpu.PhysicalPredicates);
        WriteAll(w, cpu.StaticValues, cpu.StaticNats);
        foreach (var f in cpu.PhysicalFloats)
        {
            w.Write(f.Significand);
            w.Write(f.SignExponent);
        }

        foreach (ulong b in cpu.Br)
        {
            w.Write(b);
        }

        foreach (ulong a in cpu.Ar)
        {
            w.Write(a);
        }

        var values = new ulong[RegisterStack.PhysicalRegisters];
        var nats = new bool[RegisterStack.PhysicalRegisters];
        cpu.Stack.CopyTo(values, nats);
        WriteAll(w, values, nats);
        w.Write(cpu.Stack.Bof);
        w.Write(cpu.Stack.Dirty);
        w.Write(cpu.Stack.Bsp);
        w.Write(cpu.Stack.BspStore);
        w.Write(cpu.Stack.Rnat);
        w.Write(cpu.UserMask);
        foreach (ushort hint in cpu.Dahr)
        {
            w.Write(hint);
        }
    }

    public static CpuState Restore(Stream stream)
    {
        try
        {
            using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            if (!r.ReadBytes(s_magic.Length).AsSpan().SequenceEqual(s_magic))
            {
                throw new InvalidDataException("not an Ivm CPU state (bad magic or version)");
            }

            var cpu = new CpuState
            {
                Ip = r.ReadUInt64(),
                Slot = r.ReadInt32(),
                Cfm = new FrameMarker(r.ReadUInt64()),
                PhysicalPredicates = r.ReadUInt64(),
            };
            ReadAll(r, cpu.StaticValues, cpu.StaticNats);
            for (int i = 0; i < cpu.PhysicalFloats.Length; i++)
            {
                cpu.PhysicalFloats[i] = new FloatRegister(r.ReadUInt64(), r.ReadUInt32() & (FloatRegister.SignBit | FloatRegister.ExponentMask));
            }

            for (int i = 0; i < cpu.Br.Length; i++)
            {
                cpu.Br[i] = r.ReadUInt64();
            }

            for (int i = 0; i < cpu.Ar.Length; i++)
            {
                cpu.Ar[i] = r.ReadUInt64();
            }

            var values = new ulong[RegisterStack.PhysicalRegisters];
            var nats = new bool[RegisterStack.PhysicalRegisters];
            ReadAll(r, values, nats);
            int bof = r.ReadInt32(), dirty = r.ReadInt32();
            ulong bsp = r.ReadUInt64(), bspStore = r.ReadUInt64(), rnat = r.ReadUInt64();
            if (cpu.Slot is < 0 or > 2 || bof is < 0 or >= RegisterStack.PhysicalRegisters
                || dirty is < 0 or > RegisterStack.PhysicalRegisters)
            {
                throw new InvalidDataException("CPU state holds out-of-range values");
            }

            cpu.Stack.Restore(values, nats, bof, dirty, bsp, bspStore, rnat);
            cpu.RefreshRegisterMap();
            cpu.UserMask = r.ReadUInt64() & 0x3f;
            for (int i = 0; i < cpu.Dahr.Length; i++)
            {
                cpu.Dahr[i] = r.ReadUInt16();
            }

            return cpu;
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException("CPU state is truncated");
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidDataException($"CPU state holds an impossible value: {e.Message}", e);
        }
    }

    private static void WriteAll(BinaryWriter w, ReadOnlySpan<ulong> values, ReadOnlySpan<bool> nats)
    {
        for (int i = 0; i < values.Length; i++)
        {
            w.Write(values[i]);
            w.Write(nats[i]);
        }
    }

    private static void ReadAll(BinaryReader r, Span<ulong> values, Span<bool> nats)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = r.ReadUInt64();
            nats[i] = r.ReadBoolean();
        }
    }
}
