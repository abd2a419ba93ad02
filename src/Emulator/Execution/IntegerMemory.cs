using System.Runtime.CompilerServices;
using Ivm.Emulator.Cpu;
using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// Integer loads and stores (SDM vol. 3 M1-M5): ld1/2/4/8 and st1/2/4/8 with their register and
/// immediate post-increment forms, ld8.fill/st8.spill with ar.unat, and control-speculative loads,
/// which defer a fault by writing NaT instead; advanced loads (.a, .sa) record themselves in the
/// <see cref="Alat"/> and check loads (.c.clr, .c.nc) reload only when their entry is gone. Every
/// store removes the ALAT entries it overlaps. Hints and ordering completers (.acq, .rel, .nta …)
/// need no action here.
/// </summary>
internal static unsafe class IntegerMemory
{
    private const byte Plain = 0, Speculative = 1, Fill = 2, Spill = 3, Advanced = 4, SpeculativeAdvanced = 5,
        CheckClear = 6, CheckNoClear = 7;

    public static void Register(SemanticsBuilder b)
    {
        // The common plain forms get a handler specialised for their size and base update (the
        // JIT compiles one body per pair); speculative, advanced, check, fill and spill forms share
        // the general handlers.
        BindPlain<Size1>(b);
        BindPlain<Size2>(b);
        BindPlain<Size4>(b);
        BindPlain<Size8>(b);
        b.Bind(r => r.Type == InstructionType.M && IsAccess(r, "ld") && !IsPlain(r), &Load, Info);
        b.Bind(r => r.Type == InstructionType.M && IsAccess(r, "st") && !IsPlain(r), &Store, Info);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void BindPlain<TSize>(SemanticsBuilder b)
        where TSize : struct, IAccessSize
    {
        bool Plain(Encoding r, string prefix, byte form) =>
            r.Type == InstructionType.M && IsAccess(r, prefix) && IsPlain(r) && Info(r).Size == TSize.Bytes && Info(r).Form == form;

        b.Bind(r => Plain(r, "ld", MemoryOperands.NoUpdate), &PlainLoad<TSize, NoBaseUpdate>, Info);
        b.Bind(r => Plain(r, "ld", MemoryOperands.RegisterUpdate), &PlainLoad<TSize, RegisterBaseUpdate>, Info);
        b.Bind(r => Plain(r, "ld", MemoryOperands.ImmediateUpdate), &PlainLoad<TSize, ImmediateBaseUpdate>, Info);
        b.Bind(r => Plain(r, "st", MemoryOperands.NoUpdate), &PlainStore<TSize, NoBaseUpdate>, Info);
        b.Bind(r => Plain(r, "st", MemoryOperands.ImmediateUpdate), &PlainStore<TSize, ImmediateBaseUpdate>, Info);
    }

    private static bool IsPlain(Encoding r) => Info(r).Kind == Plain;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PlainLoad<TSize, TUpdate>(Vcpu v, in DecodedInst i)
        where TSize : struct, IAccessSize
        where TUpdate : struct, IBaseUpdate
    {
        ulong address = Registers.ReadNotNat(v, i.R3);
        MemoryOperands.CheckAligned(address, TSize.Bytes);
        Registers.Write(v, i.R1, TSize.Load(v.Memory, address));
        TUpdate.Apply(v, i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PlainStore<TSize, TUpdate>(Vcpu v, in DecodedInst i)
        where TSize : struct, IAccessSize
        where TUpdate : struct, IBaseUpdate
    {
        ulong address = Registers.ReadNotNat(v, i.R3);
        ulong value = Registers.ReadNotNat(v, i.R2);
        MemoryOperands.CheckAligned(address, TSize.Bytes);
        TSize.Store(v.Memory, address, value);
        v.NoteStore(address, TSize.Bytes);
        TUpdate.Apply(v, i);
    }

    // ld1..ld8 and st1..st8 (ld16/st16, semaphores and FP forms belong to other groups).
    private static bool IsAccess(Encoding r, string prefix) =>
        r.Mnemonic.Length >= 3 && r.Mnemonic.StartsWith(prefix, StringComparison.Ordinal)
        && r.Mnemonic[2] is '1' or '2' or '4' or '8' && (r.Mnemonic.Length == 3 || r.Mnemonic[3] == '.');

    private static OpInfo Info(Encoding r)
    {
        string[] parts = r.Mnemonic.Split('.');
        byte kind = parts.Contains("fill") ? Fill : parts.Contains("spill") ? Spill : parts.Contains("sa") ? SpeculativeAdvanced
            : parts.Contains("s") ? Speculative : parts.Contains("a") ? Advanced : parts.Contains("c") ? (parts.Contains("nc") ? CheckNoClear : CheckClear)
            : Plain;
        byte form = r.Operands.Length == 3 ? (r.Operands[2] == OperandKind.R2 && r.Mnemonic.StartsWith("ld", StringComparison.Ordinal) ? MemoryOperands.RegisterUpdate : MemoryOperands.ImmediateUpdate)
            : MemoryOperands.NoUpdate;
        return new OpInfo((byte)(r.Mnemonic[2] - '0'), 0, kind, form);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Load(Vcpu v, in DecodedInst i)
    {
        var info = Semantics.Info[i.Op];
        var cpu = v.Cpu;
        ulong address = Registers.Read(v, i.R3);
        bool addressNat = cpu.GetNat(i.R3);
        byte kind = info.Kind;
        if (kind is Speculative or SpeculativeAdvanced && (addressNat || !v.Memory.IsMapped(address) || address % info.Size != 0))
        {
            // A speculative load defers its fault: the target becomes NaT (value 0) and, for ld.sa,
            // has no ALAT entry, so its check reloads non-speculatively.
            Registers.Write(v, i.R1, 0, nat: true);
            if (kind == SpeculativeAdvanced)
            {
                v.Alat.Remove(cpu.GrIndex(i.R1));
            }
        }
        else if (kind is CheckClear or CheckNoClear && v.Alat.Contains(cpu.GrIndex(i.R1)))
        {
            // The advanced load's value is still good: no load, no register write.
            if (kind == CheckClear)
            {
                v.Alat.Remove(cpu.GrIndex(i.R1));
            }
        }
        else
        {
            if (addressNat)
            {
                throw new GuestFaultException(FaultKind.NatConsumption, $"load address r{i.R3} is NaT");
            }

            MemoryOperands.CheckAligned(address, info.Size);
            ulong value = SizedAccess.Load(v.Memory, address, info.Size);
            bool nat = kind == Fill && ((cpu.Ar[CpuState.ArUnat] >> UnatBit(address)) & 1) != 0;
            Registers.Write(v, i.R1, value, nat);
            if (kind is Advanced or SpeculativeAdvanced or CheckNoClear)
            {
                // ld.c.nc that missed allocates a fresh entry, as an advanced load does.
                v.Alat.Allocate(cpu.GrIndex(i.R1), address, info.Size);
            }
        }

        MemoryOperands.PostIncrement(v, i, info.Form);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vcpu v, in DecodedInst i)
    {
        var info = Semantics.Info[i.Op];
        var cpu = v.Cpu;
        ulong address = Registers.ReadNotNat(v, i.R3);
        ulong value = Registers.Read(v, i.R2);
        MemoryOperands.CheckAligned(address, info.Size);
        if (info.Kind == Spill)
        {
            // st8.spill keeps the NaT bit in ar.unat, indexed by address bits 8:3.
            int bit = UnatBit(address);
            ulong unat = cpu.Ar[CpuState.ArUnat];
            cpu.Ar[CpuState.ArUnat] = cpu.GetNat(i.R2) ? unat | (1UL << bit) : unat & ~(1UL << bit);
        }
        else if (cpu.GetNat(i.R2))
        {
            throw new GuestFaultException(FaultKind.NatConsumption, $"store of r{i.R2}, which is NaT");
        }

        SizedAccess.Store(v.Memory, address, info.Size, value);
        v.NoteStore(address, info.Size);
        MemoryOperands.PostIncrement(v, i, info.Form);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int UnatBit(ulong address) => (int)(address >> 3) & 0x3f;

}
