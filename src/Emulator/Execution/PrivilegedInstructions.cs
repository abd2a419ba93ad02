using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// Instructions only the kernel may execute (privilege level 0): control registers, the system mask,
/// translation registers and caches, region and debug registers, rfi and bank switching. A user-mode
/// program that executes one takes a privileged operation fault, which Linux turns into SIGILL.
/// </summary>
internal static unsafe class PrivilegedInstructions
{
    private static readonly string[] s_mnemonics =
        ["rsm", "ssm", "itc.d", "itc.i", "itr.d", "itr.i", "ptc.l", "ptc.g", "ptc.ga", "ptc.e", "ptr.d", "ptr.i", "tak", "tpa", "rfi", "bsw.0", "bsw.1", "vmsw.0", "vmsw.1"];

    public static void Register(SemanticsBuilder b) =>
        b.Bind(r => r.Type is InstructionType.M or InstructionType.B && (Array.IndexOf(s_mnemonics, r.Mnemonic) >= 0 || IsPrivilegedMove(r)), &Fault);

    // mov to/from cr, psr.l, psr, and the indirect files rr, dbr, ibr, pkr, pmc, msr (pmd and cpuid
    // reads are allowed at user level).
    private static bool IsPrivilegedMove(Encoding r) =>
        r.Mnemonic == "mov" && r.Operands.Any(k => k is OperandKind.Cr3 or OperandKind.PsrL or OperandKind.Psr
            or OperandKind.RrInd or OperandKind.DbrInd or OperandKind.IbrInd or OperandKind.PkrInd or OperandKind.PmcInd or OperandKind.MsrInd
            || (k == OperandKind.PmdInd && r.Outputs == 1 && r.Operands[0] == OperandKind.PmdInd));

    private static void Fault(Vcpu v, in DecodedInst i) =>
        throw new GuestFaultException(FaultKind.PrivilegedOperation, $"{i.Encoding.Mnemonic} needs privilege level 0");
}
