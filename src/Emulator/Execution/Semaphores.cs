using Ivm.Emulator.Cpu;
using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// Semaphores and 16-byte accesses (SDM vol. 3 M16, M17, M1/M4 with x=1): cmpxchg, cmp8xchg16, xchg,
/// fetchadd, ld16 and st16. One vCPU owns its memory, so the read-modify-write is atomic by
/// construction; the ordering completers need no action.
/// </summary>
internal static unsafe class Semaphores
{
    public static void Register(SemanticsBuilder b)
    {
        b.Bind(r => r.Mnemonic.StartsWith("cmpxchg", StringComparison.Ordinal), &CompareExchange, r => Sized(r, "cmpxchg".Length));
        b.Bind(r => r.Mnemonic.StartsWith("cmp8xchg16", StringComparison.Ordinal), &CompareExchange16);
        b.Bind(r => r.Mnemonic.StartsWith("xchg", StringComparison.Ordinal), &Exchange, r => Sized(r, "xchg".Length));
        b.Bind(r => r.Mnemonic.StartsWith("fetchadd", StringComparison.Ordinal), &FetchAdd, r => Sized(r, "fetchadd".Length));
        b.Bind(r => r.Mnemonic.StartsWith("ld16", StringComparison.Ordinal), &Load16);
        b.Bind(r => r.Mnemonic.StartsWith("st16", StringComparison.Ordinal), &Store16);
    }

    private static OpInfo Sized(Encoding r, int sizeAt) => new((byte)(r.Mnemonic[sizeAt] - '0'), 0, 0, 0);

    private static void CompareExchange(Vcpu v, in DecodedInst i)
    {
        int size = Semantics.Info[i.Op].Size;
        ulong address = Address(v, i, size);
        ulong value = SizedAccess.Load(v.Memory, address, size);
        ulong expected = Truncate(v.Cpu.Ar[CpuState.ArCcv], size);
        if (value == expected)
        {
            SizedAccess.Store(v.Memory, address, size, Source(v, i));
        }

        v.NoteStore(address, size);
        Registers.Write(v, i.R1, value);
    }

    // cmp8xchg16: compares the 8 bytes at r3 with ar.ccv; on a match writes r2 there and ar.csd to the
    // other half of the aligned 16 bytes.
    private static void CompareExchange16(Vcpu v, in DecodedInst i)
    {
        ulong address = Address(v, i, 8);
        ulong value = v.Memory.Read64(address);
        if (value == v.Cpu.Ar[CpuState.ArCcv])
        {
            ulong data = Source(v, i);
            v.Memory.Write64(address, data);
            v.Memory.Write64(address ^ 8, v.Cpu.Ar[CpuState.ArCsd]);
        }

        v.NoteStore(address & ~15UL, 16);
        Registers.Write(v, i.R1, value);
    }

    private static void Exchange(Vcpu v, in DecodedInst i)
    {
        int size = Semantics.Info[i.Op].Size;
        ulong address = Address(v, i, size);
        ulong value = SizedAccess.Load(v.Memory, address, size);
        SizedAccess.Store(v.Memory, address, size, Source(v, i));
        v.NoteStore(address, size);
        Registers.Write(v, i.R1, value);
    }

    private static void FetchAdd(Vcpu v, in DecodedInst i)
    {
        int size = Semantics.Info[i.Op].Size;
        ulong address = Address(v, i, size);
        ulong value = SizedAccess.Load(v.Memory, address, size);
        SizedAccess.Store(v.Memory, address, size, value + (ulong)i.Immediate);
        v.NoteStore(address, size);
        Registers.Write(v, i.R1, value);
    }

    private static void Load16(Vcpu v, in DecodedInst i)
    {
        ulong address = Address(v, i, 16);
        UInt128 value = v.Memory.Read128(address);
        Registers.Write(v, i.R1, (ulong)value);
        v.Cpu.Ar[CpuState.ArCsd] = (ulong)(value >> 64);
    }

    private static void Store16(Vcpu v, in DecodedInst i)
    {
        ulong address = Address(v, i, 16);
        v.Memory.Write128(address, new UInt128(v.Cpu.Ar[CpuState.ArCsd], Source(v, i)));
        v.NoteStore(address, 16);
    }

    private static ulong Address(Vcpu v, in DecodedInst i, int size)
    {
        ulong address = Registers.ReadNotNat(v, i.R3);
        MemoryOperands.CheckAligned(address, size);
        return address;
    }

    private static ulong Source(Vcpu v, in DecodedInst i) => Registers.ReadNotNat(v, i.R2);

    private static ulong Truncate(ulong value, int size) => size == 8 ? value : value & ((1UL << (8 * size)) - 1);
}
