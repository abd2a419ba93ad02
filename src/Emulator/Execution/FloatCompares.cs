using Ivm.Emulator.FloatingPoint;
using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// Floating-point compares and selections (SDM vol. 3 F4, F5, F8): fcmp in every relation, type and
/// status field, fclass.m with its 9-bit class mask, and fmin, fmax, famin, famax. fcmp with a
/// NaTVal source clears both predicates (SDM fcmp pseudo-code), fclass answers NaTVal through class
/// bit 8, and the .unc forms clear both predicates first, even when qp is false.
/// </summary>
internal static unsafe class FloatCompares
{
    private const byte Minimum = 0, Maximum = 1, MagnitudeMinimum = 2, MagnitudeMaximum = 3;

    public static void Register(SemanticsBuilder b)
    {
        b.Bind(r => r.Type == InstructionType.F && r.Mnemonic.StartsWith("fcmp.", StringComparison.Ordinal) && !r.Mnemonic.Contains(".unc", StringComparison.Ordinal),
            &Compare, CompareInfo);
        b.Bind(r => r.Type == InstructionType.F && r.Mnemonic.StartsWith("fcmp.", StringComparison.Ordinal) && r.Mnemonic.Contains(".unc", StringComparison.Ordinal),
            &Compare, CompareInfo, runsWhenPredicateFalse: true);
        b.Bind(r => r.Mnemonic == "fclass.m", &Class, _ => new OpInfo(0, 0, 0, 0));
        b.Bind(r => r.Mnemonic == "fclass.m.unc", &Class, _ => new OpInfo(0, 0, 1, 0), runsWhenPredicateFalse: true);
        b.Bind(r => r.Type == InstructionType.F && (r.Mnemonic.StartsWith("fmin.", StringComparison.Ordinal) || r.Mnemonic.StartsWith("fmax.", StringComparison.Ordinal)
            || r.Mnemonic.StartsWith("famin.", StringComparison.Ordinal) || r.Mnemonic.StartsWith("famax.", StringComparison.Ordinal)),
            &MinMax, r => new OpInfo(0, 0, r.Mnemonic.Split('.')[0] switch
            {
                "fmin" => Minimum,
                "fmax" => Maximum,
                "famin" => MagnitudeMinimum,
                _ => MagnitudeMaximum,
            }, 0));
    }

    // Relation in OpInfo.Relation, 1 in Kind for .unc; the status field is read from the slot (bits 35:34).
    private static OpInfo CompareInfo(Encoding r)
    {
        string[] parts = r.Mnemonic.Split('.');
        var relation = parts[1] switch
        {
            "eq" => FloatRelation.Equal,
            "lt" => FloatRelation.LessThan,
            "le" => FloatRelation.LessOrEqual,
            "unord" => FloatRelation.Unordered,
            var other => throw new InvalidOperationException($"unknown fcmp relation {other}"),
        };
        return new OpInfo(0, (byte)relation, (byte)(parts[2] == "unc" ? 1 : 0), 0);
    }

    private static void Compare(Vcpu v, in DecodedInst i)
    {
        var info = Semantics.Info[i.Op];
        var cpu = v.Cpu;
        if (i.P1 == i.P2)
        {
            throw new GuestFaultException(FaultKind.IllegalOperation, "fcmp with p1 equal to p2");
        }

        if (i.Qp != 0 && !cpu.GetPr(i.Qp))
        {
            // Only the .unc forms run with a false predicate.
            cpu.SetPr(i.P1, false);
            cpu.SetPr(i.P2, false);
            return;
        }

        var a = FloatArithmeticInstructions.ToCore(cpu.GetFr(i.R2));
        var c = FloatArithmeticInstructions.ToCore(cpu.GetFr(i.R3));
        if (a.IsNaTVal || c.IsNaTVal)
        {
            cpu.SetPr(i.P1, false);
            cpu.SetPr(i.P2, false);
            return;
        }

        int field = (int)(i.Slot >> 34) & 3;
        var flags = FloatFlags.None;
        bool result = FloatComparison.Compare(a, c, (FloatRelation)info.Relation, ref flags);
        Accumulate(v, field, flags);
        cpu.SetPr(i.P1, result);
        cpu.SetPr(i.P2, !result);
    }

    private static void Class(Vcpu v, in DecodedInst i)
    {
        var cpu = v.Cpu;
        if (i.P1 == i.P2)
        {
            throw new GuestFaultException(FaultKind.IllegalOperation, "fclass with p1 equal to p2");
        }

        if (i.Qp != 0 && !cpu.GetPr(i.Qp))
        {
            cpu.SetPr(i.P1, false);
            cpu.SetPr(i.P2, false);
            return;
        }

        bool result = FloatComparison.Classify(FloatArithmeticInstructions.ToCore(cpu.GetFr(i.R2)), (int)i.Immediate);
        cpu.SetPr(i.P1, result);
        cpu.SetPr(i.P2, !result);
    }

    // The chosen source register is copied whole (fmin: f2 when f2 < f3, else f3), so a NaN
    // operand or equal values give f3 (SDM fmin/fmax pseudo-code).
    private static void MinMax(Vcpu v, in DecodedInst i)
    {
        var cpu = v.Cpu;
        var kind = Semantics.Info[i.Op].Kind;
        var a = FloatArithmeticInstructions.ToCore(cpu.GetFr(i.R2));
        var c = FloatArithmeticInstructions.ToCore(cpu.GetFr(i.R3));
        var flags = FloatFlags.None;
        bool magnitude = kind >= MagnitudeMinimum;
        var result = kind is Minimum or MagnitudeMinimum
            ? FloatComparison.Min(a, c, magnitude, ref flags)
            : FloatComparison.Max(a, c, magnitude, ref flags);
        Accumulate(v, (int)(i.Slot >> 34) & 3, flags);
        FloatRegisterMoves.WriteFr(v, i.R1, FloatArithmeticInstructions.FromCore(result));
    }

    internal static void Accumulate(Vcpu v, int field, FloatFlags flags)
    {
        if (flags != FloatFlags.None)
        {
            var ar = v.Cpu.Ar;
            ar[Cpu.CpuState.ArFpsr] = FloatStatus.AccumulateFlags(ar[Cpu.CpuState.ArFpsr], field, flags);
        }
    }
}
