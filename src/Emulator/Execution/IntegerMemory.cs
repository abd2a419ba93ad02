using Ivm.Emulator.Cpu;
using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// Integer loads and stores (SDM vol. 3 M1-M5): ld1/2/4/8 and st1/2/4/8 with their register and
/// immediate post-increment forms, ld8.fill/st8.spill with ar.unat, and control-speculative loads,
/// which defer a fault by writing NaT instead. Advanced and check loads behave as an ALAT that never
/// hits — every check load reloads — which the architecture allows and which gives the same results
/// in a single-threaded program. Hints and ordering completers (.acq, .rel, .nta …) need no action here.
/// </summary>
internal static unsafe class IntegerMemory
{
    private const byte Plain = 0, Speculative = 1, Fill = 2, Spill = 3;

    public static void Register(SemanticsBuilder b)
    {
        b.Bind(r => r.Type == InstructionType.M && IsAccess(r, "ld"), &Load, Info);
        b.Bind(r => r.Type == InstructionType.M && IsAccess(r, "st"), &Store, Info);
    }

    // ld1..ld8 and st1..st8 (ld16/st16, semaphores and FP forms belong to other groups).
    private static bool IsAccess(Encoding r, string prefix) =>
        r.Mnemonic.Length >= 3 && r.Mnemonic.StartsWith(prefix, StringComparison.Ordinal)
        && r.Mnemonic[2] is '1' or '2' or '4' or '8' && (r.Mnemonic.Length == 3 || r.Mnemonic[3] == '.');

    private static OpInfo Info(Encoding r)
    {
        string[] parts = r.Mnemonic.Split('.');
        byte kind = parts.Contains("fill") ? Fill : parts.Contains("spill") ? Spill : parts.Contains("s") || parts.Contains("sa") ? Speculative : Plain;
        byte form = r.Operands.Length == 3 ? (r.Operands[2] == OperandKind.R2 && r.Mnemonic.StartsWith("ld", StringComparison.Ordinal) ? MemoryOperands.RegisterUpdate : MemoryOperands.ImmediateUpdate)
            : MemoryOperands.NoUpdate;
        return new OpInfo((byte)(r.Mnemonic[2] - '0'), 0, kind, form);
    }

    private static void Load(Vcpu v, in DecodedInst i)
    {
        var info = Semantics.Info[i.Op];
        var cpu = v.Cpu;
        ulong address = Registers.Read(v, i.R3);
        bool addressNat = cpu.GetNat(i.R3);
        if (info.Kind == Speculative && (addressNat || !v.Memory.IsMapped(address) || address % info.Size != 0))
        {
            // A speculative load defers its fault: the target becomes NaT (value 0).
            Registers.Write(v, i.R1, 0, nat: true);
        }
        else
        {
            if (addressNat)
            {
                throw new GuestFaultException(FaultKind.NatConsumption, $"load address r{i.R3} is NaT");
            }

            MemoryOperands.CheckAligned(address, info.Size);
            ulong value = SizedAccess.Load(v.Memory, address, info.Size);
            bool nat = info.Kind == Fill && ((cpu.Ar[CpuState.ArUnat] >> UnatBit(address)) & 1) != 0;
            Registers.Write(v, i.R1, value, nat);
        }

        MemoryOperands.PostIncrement(v, i, info.Form);
    }

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

        MemoryOperands.PostIncrement(v, i, info.Form);
    }

    private static int UnatBit(ulong address) => (int)(address >> 3) & 0x3f;

}
