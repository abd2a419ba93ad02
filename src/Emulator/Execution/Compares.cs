using System.Runtime.CompilerServices;
using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// Integer compares and bit tests (SDM vol. 3 A6-A8, I16, I17, I30): cmp, cmp4, tbit, tnat and tf with
/// every relation and predicate-write type. tf tests processor feature bit imm5 (32-63); Ivm
/// implements no optional feature, so every feature bit reads 0.
/// The relation and type come from the row's mnemonic (cmp4.lt.unc, cmp.ne.or.andcm, …) as the
/// disassembler spells it; the first source is a register, an 8-bit immediate or r0.
/// </summary>
internal static unsafe class Compares
{
    private enum Relation : byte { Eq, Ne, Lt, Le, Gt, Ge, Ltu, Leu, Gtu, Geu }

    private enum WriteType : byte { Normal, Unconditional, And, Or, OrAndcm, Orcm, Andcm, AndOrcm }

    private enum FirstSource : byte { Register, Immediate, Zero }

    public static void Register(SemanticsBuilder b)
    {
        b.Bind(r => IsCompare(r) && !Type(r).Equals(WriteType.Unconditional), &Compare, Info);
        b.Bind(r => IsCompare(r) && Type(r).Equals(WriteType.Unconditional), &Compare, Info, runsWhenPredicateFalse: true);
        b.Bind(r => IsTest(r) && !TestType(r).Equals(WriteType.Unconditional), &TestBit, TestInfo);
        b.Bind(r => IsTest(r) && TestType(r).Equals(WriteType.Unconditional), &TestBit, TestInfo, runsWhenPredicateFalse: true);
    }

    // The feature bits 32-63 that Ivm reports (none).
    private const ulong Features = 0;

    private const byte BitTest = 0, NatTest = 1, FeatureTest = 2;

    // tbit.z, tnat.nz.and, tf.z.unc … : relation z/nz, then the write type.
    private static bool IsTest(Encoding r) =>
        r.Type == InstructionType.I && (r.Mnemonic.StartsWith("tbit.", StringComparison.Ordinal) || r.Mnemonic.StartsWith("tnat.", StringComparison.Ordinal)
            || r.Mnemonic.StartsWith("tf.", StringComparison.Ordinal));

    private static WriteType TestType(Encoding r) => ParseType(r.Mnemonic.Split('.')[2..], r.Mnemonic);

    private static OpInfo TestInfo(Encoding r) =>
        new(0, (byte)(r.Mnemonic.Split('.')[1] == "nz" ? 1 : 0), (byte)TestType(r),
            r.Mnemonic.StartsWith("tnat", StringComparison.Ordinal) ? NatTest : r.Mnemonic.StartsWith("tf", StringComparison.Ordinal) ? FeatureTest : BitTest);

    // tbit tests bit pos6 of r3, tnat r3's NaT bit, tf a feature bit; the result goes through the
    // compare write types.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TestBit(Vcpu v, in DecodedInst i)
    {
        var info = Semantics.Info[i.Op];
        var cpu = v.Cpu;
        var type = (WriteType)info.Kind;
        if (i.P1 == i.P2)
        {
            throw new GuestFaultException(FaultKind.IllegalOperation, "test with p1 equal to p2");
        }

        if (type == WriteType.Unconditional)
        {
            cpu.SetPr(i.P1, false);
            cpu.SetPr(i.P2, false);
            if (i.Qp != 0 && !cpu.GetPr(i.Qp))
            {
                return;
            }
        }

        bool nat = info.Form == BitTest && cpu.GetNat(i.R3);
        bool bit = info.Form switch
        {
            NatTest => cpu.GetNat(i.R3),
            FeatureTest => ((Features >> (int)(i.Immediate - 32)) & 1) != 0,
            _ => ((Registers.Read(v, i.R3) >> (int)i.Immediate) & 1) != 0,
        };
        bool result = info.Relation == 1 ? bit : !bit;
        Write(cpu, type, i.P1, i.P2, result, nat);
    }

    private static bool IsCompare(Encoding r) =>
        r.Type == InstructionType.A && (r.Mnemonic.StartsWith("cmp.", StringComparison.Ordinal) || r.Mnemonic.StartsWith("cmp4.", StringComparison.Ordinal));

    private static WriteType Type(Encoding r) => ParseType(r.Mnemonic.Split('.')[2..], r.Mnemonic);

    private static WriteType ParseType(string[] completers, string mnemonic)
    {
        return string.Join('.', completers) switch
        {
            "" => WriteType.Normal,
            "unc" => WriteType.Unconditional,
            "and" => WriteType.And,
            "or" => WriteType.Or,
            "or.andcm" => WriteType.OrAndcm,
            "orcm" => WriteType.Orcm,
            "andcm" => WriteType.Andcm,
            "and.orcm" => WriteType.AndOrcm,
            var other => throw new InvalidOperationException($"unknown compare type '{other}' in {mnemonic}"),
        };
    }

    private static OpInfo Info(Encoding r)
    {
        string[] parts = r.Mnemonic.Split('.');
        var relation = Enum.Parse<Relation>(parts[1], ignoreCase: true);
        var first = r.Operands[2] switch
        {
            OperandKind.R2 => FirstSource.Register,
            OperandKind.R0 => FirstSource.Zero,
            _ => FirstSource.Immediate,
        };
        return new OpInfo((byte)(parts[0] == "cmp4" ? 4 : 8), (byte)relation, (byte)Type(r), (byte)first);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Compare(Vcpu v, in DecodedInst i)
    {
        var info = Semantics.Info[i.Op];
        var cpu = v.Cpu;
        var type = (WriteType)info.Kind;
        if (i.P1 == i.P2)
        {
            throw new GuestFaultException(FaultKind.IllegalOperation, "compare with p1 equal to p2");
        }

        bool qp = i.Qp == 0 || cpu.GetPr(i.Qp);
        if (type == WriteType.Unconditional)
        {
            cpu.SetPr(i.P1, false);
            cpu.SetPr(i.P2, false);
            if (!qp)
            {
                return;
            }
        }

        ulong a = (FirstSource)info.Form switch
        {
            FirstSource.Register => Registers.Read(v, i.R2),
            FirstSource.Immediate => (ulong)i.Immediate,
            _ => 0,
        };
        ulong b = Registers.Read(v, i.R3);
        bool nat = cpu.GetNat(i.R3) || ((FirstSource)info.Form == FirstSource.Register && cpu.GetNat(i.R2));
        bool result = Evaluate((Relation)info.Relation, a, b, info.Size == 4);
        Write(cpu, type, i.P1, i.P2, result, nat);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Evaluate(Relation relation, ulong a, ulong b, bool word)
    {
        if (word)
        {
            // cmp4 compares the low 32 bits, signed or unsigned as the relation says.
            long sa = (int)a, sb = (int)b;
            ulong ua = (uint)a, ub = (uint)b;
            return Relate(relation, sa, sb, ua, ub);
        }

        return Relate(relation, (long)a, (long)b, a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Relate(Relation relation, long sa, long sb, ulong ua, ulong ub) => relation switch
    {
        Relation.Eq => ua == ub,
        Relation.Ne => ua != ub,
        Relation.Lt => sa < sb,
        Relation.Le => sa <= sb,
        Relation.Gt => sa > sb,
        Relation.Ge => sa >= sb,
        Relation.Ltu => ua < ub,
        Relation.Leu => ua <= ub,
        Relation.Gtu => ua > ub,
        _ => ua >= ub,
    };

    // The predicate-write types of SDM vol. 3 table "Comparison Types": a NaT source clears both
    // targets for normal, unc, and, andcm and and.orcm, and leaves them alone for the or types.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Write(Cpu.CpuState cpu, WriteType type, int p1, int p2, bool result, bool nat)
    {
        switch (type)
        {
            case WriteType.Normal:
            case WriteType.Unconditional:
                cpu.SetPr(p1, !nat && result);
                cpu.SetPr(p2, !nat && !result);
                break;
            case WriteType.And:
                if (nat || !result)
                {
                    cpu.SetPr(p1, false);
                    cpu.SetPr(p2, false);
                }

                break;
            case WriteType.Or:
                if (!nat && result)
                {
                    cpu.SetPr(p1, true);
                    cpu.SetPr(p2, true);
                }

                break;
            case WriteType.OrAndcm:
                if (!nat && result)
                {
                    cpu.SetPr(p1, true);
                    cpu.SetPr(p2, false);
                }

                break;
            case WriteType.Orcm:
                if (!nat && !result)
                {
                    cpu.SetPr(p1, true);
                    cpu.SetPr(p2, true);
                }

                break;
            case WriteType.Andcm:
                if (nat || result)
                {
                    cpu.SetPr(p1, false);
                    cpu.SetPr(p2, false);
                }

                break;
            case WriteType.AndOrcm:
                if (nat || !result)
                {
                    cpu.SetPr(p1, false);
                    cpu.SetPr(p2, true);
                }

                break;
        }
    }
}
