using System.Runtime.CompilerServices;
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
        // Relative and indirect targets get their own handlers, so a branch tests nothing but its predicate.
        b.Bind(r => IsPlainBranch(r) && !IsIndirect(r), &Branch<RelativeTarget>);
        b.Bind(r => IsPlainBranch(r) && IsIndirect(r), &Branch<IndirectTarget>);
        b.Bind(r => IsCall(r) && !IsIndirect(r), &Call<RelativeTarget>);
        b.Bind(r => IsCall(r) && IsIndirect(r), &Call<IndirectTarget>);
        b.Bind(r => IsBranch(r, "br.ret"), &Return);

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

    private static bool IsPlainBranch(Encoding r) =>
        IsBranch(r, "br") || IsBranch(r, "br.cond") || IsBranch(r, "brl") || IsBranch(r, "brl.cond") || IsBranch(r, "br.ia");

    private static bool IsCall(Encoding r) => IsBranch(r, "br.call") || IsBranch(r, "brl.call");

    private static bool IsIndirect(Encoding r) => r.Operands[^1] == OperandKind.B2;

    private interface ITarget
    {
        static abstract ulong Of(Vcpu v, in DecodedInst i);
    }

    // IP-relative (B1, B3, X3, X4): the bundle address plus the decoded displacement.
    private readonly struct RelativeTarget : ITarget
    {
        public static ulong Of(Vcpu v, in DecodedInst i) => v.Cpu.Ip + (ulong)i.Immediate;
    }

    // Indirect (B4, B5): branch register b2, bits 15:13.
    private readonly struct IndirectTarget : ITarget
    {
        public static ulong Of(Vcpu v, in DecodedInst i) => v.Cpu.Br[(int)(i.Slot >> 13) & 7];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Branch<TTarget>(Vcpu v, in DecodedInst i)
        where TTarget : struct, ITarget => Registers.Branch(v, TTarget.Of(v, i));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Call<TTarget>(Vcpu v, in DecodedInst i)
        where TTarget : struct, ITarget
    {
        var cpu = v.Cpu;
        ulong target = TTarget.Of(v, i);
        cpu.Br[(int)((i.Slot >> 6) & 7)] = cpu.Ip + 16;
        cpu.Ar[CpuState.ArPfs] = cpu.Cfm.Bits | (cpu.Ar[CpuState.ArEc] & 0x3f) << 52;
        cpu.Stack.Call(cpu.Cfm);
        var caller = cpu.Cfm;
        cpu.Cfm = FrameMarker.Create(caller.Size - caller.Locals, 0, 0);
        Registers.Branch(v, target);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Return(Vcpu v, in DecodedInst i)
    {
        var cpu = v.Cpu;
        ulong target = IndirectTarget.Of(v, i);
        ulong pfs = cpu.Ar[CpuState.ArPfs];
        var restored = new FrameMarker(pfs & FrameMarker.Mask);
        if (restored.Size > RegisterStack.PhysicalRegisters)
        {
            throw IllegalFrame(restored);
        }

        cpu.Ar[CpuState.ArEc] = (pfs >> 52) & 0x3f;
        cpu.Stack.Return(restored, v.Memory);
        cpu.Cfm = restored;
        Registers.Branch(v, target);
    }

    // ar.pfs is guest-writable: a frame larger than the physical stack cannot be restored.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static GuestFaultException IllegalFrame(FrameMarker frame) =>
        new GuestFaultException(FaultKind.IllegalOperation, $"br.ret to a frame of {frame.Size} registers (ar.pfs.sof above 96)");
}
