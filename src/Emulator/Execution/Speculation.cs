using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// Speculation checks, prefetches and ordering (SDM vol. 3 I20, M20-M23, M24-M28, M13-M15). chk.s
/// branches to recovery code when its register is NaT; chk.a when its register's advanced load has
/// lost its <see cref="Alat"/> entry (a store overlapped it, invala, or it never had one); invala and
/// invala.e empty the table or drop one register's entry. One vCPU with coherent memory needs no action for
/// fences, serialisation, cache flushes or prefetches; the post-increment forms of lfetch still
/// update their base register.
/// </summary>
internal static unsafe class Speculation
{
    public static void Register(SemanticsBuilder b)
    {
        b.Bind(r => r.Mnemonic is "chk.s.i" or "chk.s.m", &CheckGeneral);
        b.Bind(r => r.Mnemonic.StartsWith("chk.a.", StringComparison.Ordinal), &CheckAdvanced, AlatForm);
        b.Bind(r => r.Mnemonic == "invala", &InvalidateAll);
        b.Bind(r => r.Mnemonic == "invala.e", &InvalidateEntry, AlatForm);
        b.BindNoEffect(r => r.Mnemonic is "mf" or "mf.a" or "srlz.d" or "srlz.i" or "sync.i" or "fwb" or "fc" or "fc.i");
        b.BindNoEffect(r => r.Mnemonic.StartsWith("lfetch", StringComparison.Ordinal) && r.Operands.Length != 2);
        b.Bind(r => r.Mnemonic.StartsWith("lfetch", StringComparison.Ordinal) && r.Operands.Length == 2, &PrefetchUpdate,
            r => new OpInfo(0, 0, 0, r.Operands[1] == OperandKind.R2 ? MemoryOperands.RegisterUpdate : MemoryOperands.ImmediateUpdate));
    }

    private static void CheckGeneral(Vcpu v, in DecodedInst i)
    {
        if (v.Cpu.GetNat(i.R2))
        {
            Registers.Branch(v, v.Cpu.Ip + (ulong)i.Immediate);
        }
    }

    private const byte General = 0, Float = 1;

    // Kind: general or floating-point register operand; Relation: 1 for the .clr forms.
    private static OpInfo AlatForm(Encoding r) =>
        new(0, (byte)(r.Mnemonic.EndsWith(".clr", StringComparison.Ordinal) ? 1 : 0), r.Operands[0] == OperandKind.F1 ? Float : General, 0);

    private static int Tag(Vcpu v, in DecodedInst i) =>
        Semantics.Info[i.Op].Kind == Float ? Alat.FloatTagBase + v.Cpu.FrIndex(i.R1) : v.Cpu.GrIndex(i.R1);

    private static void CheckAdvanced(Vcpu v, in DecodedInst i)
    {
        int tag = Tag(v, i);
        if (!v.Alat.Contains(tag))
        {
            Registers.Branch(v, v.Cpu.Ip + (ulong)i.Immediate);
        }
        else if (Semantics.Info[i.Op].Relation == 1)
        {
            v.Alat.Remove(tag);
        }
    }

    private static void InvalidateAll(Vcpu v, in DecodedInst i) => v.Alat.Clear();

    private static void InvalidateEntry(Vcpu v, in DecodedInst i) => v.Alat.Remove(Tag(v, i));

    private static void PrefetchUpdate(Vcpu v, in DecodedInst i) => MemoryOperands.PostIncrement(v, i, Semantics.Info[i.Op].Form);
}
