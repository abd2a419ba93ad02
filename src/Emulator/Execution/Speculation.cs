using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// Speculation checks, prefetches and ordering (SDM vol. 3 I20, M20-M23, M24-M28, M13-M15). chk.s
/// branches to recovery code when its register is NaT. The ALAT is modelled as never holding an
/// entry — an implementation the architecture allows — so chk.a always branches to recovery, which
/// reloads, and invala has nothing to clear. One vCPU with coherent memory needs no action for
/// fences, serialisation, cache flushes or prefetches; the post-increment forms of lfetch still
/// update their base register.
/// </summary>
internal static unsafe class Speculation
{
    public static void Register(SemanticsBuilder b)
    {
        b.Bind(r => r.Mnemonic is "chk.s.i" or "chk.s.m", &CheckGeneral);
        b.Bind(r => r.Mnemonic.StartsWith("chk.a.", StringComparison.Ordinal), &CheckAdvanced);
        b.Bind(r => r.Mnemonic is "invala" or "invala.e" or "mf" or "mf.a" or "srlz.d" or "srlz.i" or "sync.i" or "fwb" or "fc" or "fc.i",
            &Nothing);
        b.Bind(r => r.Mnemonic.StartsWith("lfetch", StringComparison.Ordinal) && r.Operands.Length != 2, &Nothing);
        b.Bind(r => r.Mnemonic.StartsWith("lfetch", StringComparison.Ordinal) && r.Operands.Length == 2, &PrefetchUpdate,
            r => new OpInfo(0, 0, 0, r.Operands[1] == OperandKind.R2 ? MemoryOperands.RegisterUpdate : MemoryOperands.ImmediateUpdate));
    }

    private static void Nothing(Vcpu v, in DecodedInst i)
    {
    }

    private static void CheckGeneral(Vcpu v, in DecodedInst i)
    {
        if (v.Cpu.GetNat(i.R2))
        {
            Registers.Branch(v, v.Cpu.Ip + (ulong)i.Immediate);
        }
    }

    private static void CheckAdvanced(Vcpu v, in DecodedInst i) => Registers.Branch(v, v.Cpu.Ip + (ulong)i.Immediate);

    private static void PrefetchUpdate(Vcpu v, in DecodedInst i) => MemoryOperands.PostIncrement(v, i, Semantics.Info[i.Op].Form);
}
