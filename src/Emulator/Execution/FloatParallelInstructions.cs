using Ivm.Emulator.Cpu;
using Ivm.Emulator.FloatingPoint;
using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// Parallel floating point (SDM vol. 3 F1, F8, F9, F10 on major 1 and the parallel F1 majors): the
/// significand holds two single-precision values, bits 63:32 (the high half) and 31:0, and each
/// instruction applies the scalar operation to both halves with single precision and the 8-bit
/// exponent range whatever pc and wre say. fpma/fpms/fpnma (and fpmpy, fpnmpy), fpmin/fpmax/
/// fpamin/fpamax, fpcmp in its eight relations, fpcvt.fx/fxu(.trunc), fpmerge (with fpabs, fpneg,
/// fpnegabs). Results have the integer-form exponent 0x1003E and a positive sign; flags of both
/// halves are ORed into the status field; a NaTVal source gives NaTVal.
/// </summary>
internal static unsafe class FloatParallelInstructions
{
    private const byte Minimum = 0, Maximum = 1, MagnitudeMinimum = 2, MagnitudeMaximum = 3;

    public static void Register(SemanticsBuilder b)
    {
        b.Bind(r => r.Type == InstructionType.F && StartsWithAny(r.Mnemonic, "fpma.", "fpms.", "fpnma.", "fpmpy.", "fpnmpy."), &MultiplyAdd);
        b.Bind(r => r.Type == InstructionType.F && StartsWithAny(r.Mnemonic, "fpmin.", "fpmax.", "fpamin.", "fpamax."), &MinMax,
            r => new OpInfo(0, 0, r.Mnemonic.Split('.')[0] switch
            {
                "fpmin" => Minimum,
                "fpmax" => Maximum,
                "fpamin" => MagnitudeMinimum,
                _ => MagnitudeMaximum,
            }, 0));
        b.Bind(r => r.Type == InstructionType.F && r.Mnemonic.StartsWith("fpcmp.", StringComparison.Ordinal), &Compare, CompareInfo);
        b.Bind(r => r.Type == InstructionType.F && r.Mnemonic.StartsWith("fpcvt.", StringComparison.Ordinal), &ToInteger,
            r => new OpInfo(0, 0, (byte)(r.Mnemonic.StartsWith("fpcvt.fxu", StringComparison.Ordinal) ? 1 : 0),
                (byte)(r.Mnemonic.Contains(".trunc", StringComparison.Ordinal) ? 1 : 0)));
        b.Bind(r => r.Type == InstructionType.F && (r.Mnemonic.StartsWith("fpmerge.", StringComparison.Ordinal) || r.Mnemonic is "fpabs" or "fpneg" or "fpnegabs"), &Merge);
    }

    private static bool StartsWithAny(string mnemonic, params string[] prefixes)
    {
        foreach (var prefix in prefixes)
        {
            if (mnemonic.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    internal static uint High(FloatRegister f) => (uint)(f.Significand >> 32);

    internal static uint Low(FloatRegister f) => (uint)f.Significand;

    internal static void WritePair(Vcpu v, int f1, uint high, uint low) =>
        FloatRegisterMoves.WriteFr(v, f1, FloatRegister.FromInteger(((ulong)high << 32) | low));

    private static int Field(in DecodedInst i) => (int)(i.Slot >> 34) & 3;

    // The status field's rounding and flush-to-zero with single precision in the IEEE single range.
    private static FloatStatus SingleStatus(Vcpu v, int field) =>
        FloatStatus.Decode(v.Cpu.Ar[CpuState.ArFpsr], field) with { WideRange = false };

    // F1 on majors 9, B, D with x = 1: fpma, fpms, fpnma by major.
    private static void MultiplyAdd(Vcpu v, in DecodedInst i)
    {
        var cpu = v.Cpu;
        FloatRegister f3 = cpu.GetFr(i.R3), f4 = cpu.GetFr(i.R4), f2 = cpu.GetFr(i.R2);
        if (FloatRegisterMoves.NaTValWritten(v, i.R1, f3, f4, f2))
        {
            return;
        }

        var form = ((int)(i.Slot >> 37) >> 1) switch
        {
            4 => MultiplyAddForm.Add,
            5 => MultiplyAddForm.Subtract,
            _ => MultiplyAddForm.NegateProduct,
        };
        if (i.R2 == 0)
        {
            form |= MultiplyAddForm.AddendIsF0;
        }

        int field = Field(i);
        var status = SingleStatus(v, field);
        var flags = FloatFlags.None;
        uint high = HalfMultiplyAdd(High(f3), High(f4), High(f2), form, status, ref flags);
        uint low = HalfMultiplyAdd(Low(f3), Low(f4), Low(f2), form, status, ref flags);
        FloatCompares.Accumulate(v, field, flags);
        WritePair(v, i.R1, high, low);
    }

    private static uint HalfMultiplyAdd(uint a, uint b, uint c, MultiplyAddForm form, in FloatStatus status, ref FloatFlags flags) =>
        FloatArithmetic.MultiplyAdd(Float82.FromSingleBits(a), Float82.FromSingleBits(b), Float82.FromSingleBits(c),
            form, PrecisionOverride.Single, status, ref flags).ToSingleBits();

    private static void MinMax(Vcpu v, in DecodedInst i)
    {
        var cpu = v.Cpu;
        FloatRegister f2 = cpu.GetFr(i.R2), f3 = cpu.GetFr(i.R3);
        if (FloatRegisterMoves.NaTValWritten(v, i.R1, f2, f3))
        {
            return;
        }

        byte kind = Semantics.Info[i.Op].Kind;
        var flags = FloatFlags.None;
        uint high = HalfMinMax(High(f2), High(f3), kind, ref flags);
        uint low = HalfMinMax(Low(f2), Low(f3), kind, ref flags);
        FloatCompares.Accumulate(v, Field(i), flags);
        WritePair(v, i.R1, high, low);
    }

    // The chosen half is copied unchanged: f2's when it wins strictly, f3's otherwise.
    private static uint HalfMinMax(uint a, uint c, byte kind, ref FloatFlags flags)
    {
        var x = Float82.FromSingleBits(a);
        var y = Float82.FromSingleBits(c);
        bool magnitude = kind >= MagnitudeMinimum;
        var chosen = kind is Minimum or MagnitudeMinimum
            ? FloatComparison.Min(x, y, magnitude, ref flags)
            : FloatComparison.Max(x, y, magnitude, ref flags);
        return chosen == x && x != y ? a : c;
    }

    // Relation (eq, lt, le, unord) in Relation; Kind 1 for the negated relations neq, nlt, nle, ord.
    private static OpInfo CompareInfo(Encoding r)
    {
        string relation = r.Mnemonic.Split('.')[1];
        var (baseRelation, negated) = relation switch
        {
            "eq" => (FloatRelation.Equal, false),
            "lt" => (FloatRelation.LessThan, false),
            "le" => (FloatRelation.LessOrEqual, false),
            "unord" => (FloatRelation.Unordered, false),
            "neq" => (FloatRelation.Equal, true),
            "nlt" => (FloatRelation.LessThan, true),
            "nle" => (FloatRelation.LessOrEqual, true),
            "ord" => (FloatRelation.Unordered, true),
            _ => throw new InvalidOperationException($"unknown fpcmp relation {relation}"),
        };
        return new OpInfo(0, (byte)baseRelation, (byte)(negated ? 1 : 0), 0);
    }

    // Each half becomes all ones when the relation holds, zero otherwise.
    private static void Compare(Vcpu v, in DecodedInst i)
    {
        var cpu = v.Cpu;
        FloatRegister f2 = cpu.GetFr(i.R2), f3 = cpu.GetFr(i.R3);
        if (FloatRegisterMoves.NaTValWritten(v, i.R1, f2, f3))
        {
            return;
        }

        var info = Semantics.Info[i.Op];
        var relation = (FloatRelation)info.Relation;
        bool negated = info.Kind == 1;
        var flags = FloatFlags.None;
        bool high = FloatComparison.Compare(Float82.FromSingleBits(High(f2)), Float82.FromSingleBits(High(f3)), relation, ref flags) ^ negated;
        bool low = FloatComparison.Compare(Float82.FromSingleBits(Low(f2)), Float82.FromSingleBits(Low(f3)), relation, ref flags) ^ negated;
        FloatCompares.Accumulate(v, Field(i), flags);
        WritePair(v, i.R1, high ? uint.MaxValue : 0, low ? uint.MaxValue : 0);
    }

    private static void ToInteger(Vcpu v, in DecodedInst i)
    {
        var cpu = v.Cpu;
        var f2 = cpu.GetFr(i.R2);
        if (FloatRegisterMoves.NaTValWritten(v, i.R1, f2))
        {
            return;
        }

        var info = Semantics.Info[i.Op];
        int field = Field(i);
        var status = SingleStatus(v, field);
        var flags = FloatFlags.None;
        uint high = HalfToInteger(High(f2), info.Kind == 1, info.Form == 1, status, ref flags);
        uint low = HalfToInteger(Low(f2), info.Kind == 1, info.Form == 1, status, ref flags);
        FloatCompares.Accumulate(v, field, flags);
        WritePair(v, i.R1, high, low);
    }

    // A result outside the 32-bit signed or unsigned range is invalid and gives the 32-bit integer
    // indefinite 0x80000000 (SDM fpcvt.fx).
    private static uint HalfToInteger(uint bits, bool unsigned, bool truncate, in FloatStatus status, ref FloatFlags flags)
    {
        var half = FloatFlags.None;
        var result = FloatConversion.ToInteger(Float82.FromSingleBits(bits), unsigned, truncate, status, ref half);
        ulong value = result.Significand;
        bool inRange = (half & FloatFlags.Invalid) == 0
            && (unsigned ? value <= uint.MaxValue : (long)value is >= int.MinValue and <= int.MaxValue);
        if (!inRange)
        {
            flags |= FloatFlags.Invalid | (half & FloatFlags.Denormal);
            return 0x80000000;
        }

        flags |= half;
        return (uint)value;
    }

    // fpmerge.s: sign bit of each f2 half with the rest of f3's; .ns the negated sign; .se sign and
    // exponent (bits 31:23) of f2 with the fraction of f3.
    private static void Merge(Vcpu v, in DecodedInst i)
    {
        var cpu = v.Cpu;
        FloatRegister f2 = cpu.GetFr(i.R2), f3 = cpu.GetFr(i.R3);
        if (FloatRegisterMoves.NaTValWritten(v, i.R1, f2, f3))
        {
            return;
        }

        int x6 = (int)((i.Slot >> 27) & 0x3f);
        ulong a = f2.Significand, c = f3.Significand;
        const ulong Signs = 0x8000000080000000UL, SignsAndExponents = 0xFF800000FF800000UL;
        ulong result = x6 switch
        {
            0x10 => (a & Signs) | (c & ~Signs),
            0x11 => (~a & Signs) | (c & ~Signs),
            _ => (a & SignsAndExponents) | (c & ~SignsAndExponents),
        };
        FloatRegisterMoves.WriteFr(v, i.R1, FloatRegister.FromInteger(result));
    }
}
