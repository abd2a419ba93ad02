using System.Runtime.CompilerServices;
using Ivm.Emulator.Cpu;
using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// Counted and modulo-scheduled loop branches (SDM vol. 3 br: cloop, ctop, cexit, wtop, wexit). ctop,
/// cexit, wtop and wexit rotate the registers — the rename bases of the rotating general, floating
/// and predicate registers each count down by one — so that a value written to r32 in one iteration
/// is r33 in the next, and feed the stage predicate p63 (p16 after rotation).
/// </summary>
internal static unsafe class LoopBranches
{
    public static void Register(SemanticsBuilder b)
    {
        b.Bind(r => IsLoop(r, "br.cloop"), &CountedLoop);
        b.Bind(r => IsLoop(r, "br.ctop"), &CountedTop);
        b.Bind(r => IsLoop(r, "br.cexit"), &CountedExit);
        b.Bind(r => IsLoop(r, "br.wtop"), &WhileTop, runsWhenPredicateFalse: true);
        b.Bind(r => IsLoop(r, "br.wexit"), &WhileExit, runsWhenPredicateFalse: true);
    }

    private static bool IsLoop(Encoding r, string type) =>
        r.Type == InstructionType.B && (r.Mnemonic == type || r.Mnemonic.StartsWith(type + ".", StringComparison.Ordinal));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Target(Vcpu v, in DecodedInst i) => v.Cpu.Ip + (ulong)i.Immediate;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CountedLoop(Vcpu v, in DecodedInst i)
    {
        var ar = v.Cpu.Ar;
        if (ar[CpuState.ArLc] != 0)
        {
            ar[CpuState.ArLc]--;
            Registers.Branch(v, Target(v, i));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CountedTop(Vcpu v, in DecodedInst i)
    {
        if (Counted(v, exit: false))
        {
            Registers.Branch(v, Target(v, i));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CountedExit(Vcpu v, in DecodedInst i)
    {
        if (Counted(v, exit: true))
        {
            Registers.Branch(v, Target(v, i));
        }
    }

    // ctop and cexit share their effects and differ only in which outcome branches.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Counted(Vcpu v, bool exit)
    {
        var cpu = v.Cpu;
        if (cpu.Ar[CpuState.ArLc] == 0)
        {
            return Epilogue(cpu, exit);
        }

        cpu.Ar[CpuState.ArLc]--;
        cpu.SetPr(63, true);
        Rotate(cpu);
        return !exit;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WhileTop(Vcpu v, in DecodedInst i)
    {
        if (While(v, i, exit: false))
        {
            Registers.Branch(v, Target(v, i));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WhileExit(Vcpu v, in DecodedInst i)
    {
        if (While(v, i, exit: true))
        {
            Registers.Branch(v, Target(v, i));
        }
    }

    // wtop and wexit take their condition from the qualifying predicate rather than ar.lc.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool While(Vcpu v, in DecodedInst i, bool exit)
    {
        var cpu = v.Cpu;
        if (!cpu.GetPr(i.Qp))
        {
            return Epilogue(cpu, exit);
        }

        cpu.SetPr(63, false);
        Rotate(cpu);
        return !exit;
    }

    // Past the kernel (lc or the predicate exhausted), ar.ec counts the epilogue stages down; each
    // still rotates with a zero stage predicate. The top form keeps branching while more than one
    // stage remains; the exit form leaves when the last one starts.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Epilogue(CpuState cpu, bool exit)
    {
        var ar = cpu.Ar;
        cpu.SetPr(63, false);
        if (ar[CpuState.ArEc] == 0)
        {
            return exit;
        }

        bool taken = exit ? ar[CpuState.ArEc] == 1 : ar[CpuState.ArEc] > 1;
        ar[CpuState.ArEc]--;
        Rotate(cpu);
        return taken;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rotate(CpuState cpu)
    {
        var cfm = cpu.Cfm;
        int rotating = cfm.Rotating;
        int gr = rotating == 0 ? 0 : (cfm.RenameGr + rotating - 1) % rotating;
        int fr = (cfm.RenameFr + 95) % 96;
        int pr = (cfm.RenamePr + 47) % 48;
        cpu.Cfm = cfm.WithRenaming(gr, fr, pr);
    }
}
