using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// Test feature (SDM vol. 3 I30): tf.z and tf.nz test the processor feature bit imm5 (32-63) and write
/// two predicates like tbit, with the normal, unc, and, or and or.andcm types. Ivm implements no
/// optional feature, so every feature bit reads 0: the outcome of each row is fixed when it is bound.
/// </summary>
internal static unsafe class TestFeature
{
    // The feature bits 32-63 that Ivm reports (none).
    private const ulong Features = 0;

    private enum WriteType : byte { Normal, Unconditional, And, Or, OrAndcm }

    public static void Register(SemanticsBuilder b)
    {
        b.Bind(r => IsTestFeature(r) && !r.Mnemonic.EndsWith(".unc", StringComparison.Ordinal), &Test, Info);
        b.Bind(r => IsTestFeature(r) && r.Mnemonic.EndsWith(".unc", StringComparison.Ordinal), &Test, Info, runsWhenPredicateFalse: true);
    }

    private static bool IsTestFeature(Encoding r) => r.Type == InstructionType.I && r.Mnemonic.StartsWith("tf.", StringComparison.Ordinal);

    // Relation 1 for .nz; Kind the predicate-write type.
    private static OpInfo Info(Encoding r)
    {
        string[] parts = r.Mnemonic.Split('.');
        var type = string.Join('.', parts[2..]) switch
        {
            "" => WriteType.Normal,
            "unc" => WriteType.Unconditional,
            "and" => WriteType.And,
            "or" => WriteType.Or,
            "or.andcm" => WriteType.OrAndcm,
            var other => throw new InvalidOperationException($"unknown test type '{other}' in {r.Mnemonic}"),
        };
        return new OpInfo(0, (byte)(parts[1] == "nz" ? 1 : 0), (byte)type, 0);
    }

    private static void Test(Vcpu v, in DecodedInst i)
    {
        var info = Semantics.Info[i.Op];
        var cpu = v.Cpu;
        var type = (WriteType)info.Kind;
        if (i.P1 == i.P2)
        {
            throw new GuestFaultException(FaultKind.IllegalOperation, "tf with p1 equal to p2");
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

        bool feature = ((Features >> (int)(i.Immediate - 32)) & 1) != 0;
        bool result = info.Relation == 1 ? feature : !feature;
        switch (type)
        {
            case WriteType.Normal:
            case WriteType.Unconditional:
                cpu.SetPr(i.P1, result);
                cpu.SetPr(i.P2, !result);
                break;
            case WriteType.And:
                if (!result)
                {
                    cpu.SetPr(i.P1, false);
                    cpu.SetPr(i.P2, false);
                }

                break;
            case WriteType.Or:
                if (result)
                {
                    cpu.SetPr(i.P1, true);
                    cpu.SetPr(i.P2, true);
                }

                break;
            default:
                if (result)
                {
                    cpu.SetPr(i.P1, true);
                    cpu.SetPr(i.P2, false);
                }

                break;
        }
    }
}
