using Ivm.Emulator.Cpu;
using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// Branches (SDM vol. 3 B1-B5, X3-X4): conditional IP-relative and indirect branches, calls that
/// open a new register-stack frame and save the caller's frame marker in ar.pfs, and returns that
/// restore it. The predicate check happens before the handler runs, so a handler only branches.
/// </summary>
internal static unsafe class Branches
{
    public static void Register(SemanticsBuilder b)
    {
        b.Bind(r => IsBranch(r, "br") || IsBranch(r, "br.cond") || IsBranch(r, "brl") || IsBranch(r, "brl.cond") || IsBranch(r, "br.ia"),
            &Branch, TargetForm);
        b.Bind(r => IsBranch(r, "br.call") || IsBranch(r, "brl.call"), &Call, TargetForm);
        b.Bind(r => IsBranch(r, "br.ret"), &Return, TargetForm);

        // brp only predicts; epc raises privilege only on a promote page (Linux's gateway page),
        // and no page a user program runs from is one, so neither changes architectural state.
        b.BindNoEffect(r => r.Mnemonic.StartsWith("brp", StringComparison.Ordinal) || r.Mnemonic == "epc");
    }


    // "br.cond.sptk.few", "br.few.clr", "brl.call.dpnt.many": the branch type is the part before the hints.
    private static bool IsBranch(Encoding r, string type)
    {
        if (r.Type is not (InstructionType.B or InstructionType.X) || !r.Mnemonic.StartsWith(type, StringComparison.Ordinal))
        {
            return false;
        }

        string rest = r.Mnemonic[type.Length..];
        return rest.Length == 0 || (rest[0] == '.' && IsHint(rest[1..].Split('.')[0]));
    }

    private static bool IsHint(string word) => word is "sptk" or "spnt" or "dptk" or "dpnt" or "few" or "many" or "clr";

    private const byte Relative = 0, Indirect = 1;

    private static OpInfo TargetForm(Encoding r) => new(0, 0, 0, r.Operands[^1] == OperandKind.B2 ? Indirect : Relative);

    private static ulong Target(Vcpu v, in DecodedInst i) =>
        Semantics.Info[i.Op].Form == Indirect ? v.Cpu.Br[(i.Slot >> 13) & 7] : v.Cpu.Ip + (ulong)i.Immediate;

    private static void Branch(Vcpu v, in DecodedInst i) => Registers.Branch(v, Target(v, i));

    private static void Call(Vcpu v, in DecodedInst i)
    {
        var cpu = v.Cpu;
        ulong target = Target(v, i);
        cpu.Br[(int)((i.Slot >> 6) & 7)] = cpu.Ip + 16;
        cpu.Ar[CpuState.ArPfs] = cpu.Cfm.Bits | (cpu.Ar[CpuState.ArEc] & 0x3f) << 52;
        cpu.Stack.Call(cpu.Cfm);
        var caller = cpu.Cfm;
        cpu.Cfm = FrameMarker.Create(caller.Size - caller.Locals, 0, 0);
        Registers.Branch(v, target);
    }

    private static void Return(Vcpu v, in DecodedInst i)
    {
        var cpu = v.Cpu;
        ulong target = Target(v, i);
        ulong pfs = cpu.Ar[CpuState.ArPfs];
        var restored = new FrameMarker(pfs & FrameMarker.Mask);
        cpu.Ar[CpuState.ArEc] = (pfs >> 52) & 0x3f;
        cpu.Stack.Return(restored, v.Memory);
        cpu.Cfm = restored;
        Registers.Branch(v, target);
    }
}
