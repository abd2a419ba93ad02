using Ivm.Emulator.Cpu;
using Ivm.Emulator.FloatingPoint;
using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// Reciprocal and reciprocal square-root approximations (SDM vol. 3 F6, F7): frcpa, frsqrta and the
/// parallel fprcpa, fprsqrta, with the architected tables (see <see cref="FloatApproximation"/>).
/// p2 says whether f1 is an approximation for the Newton-Raphson sequence to refine; it is cleared
/// when qp is false, so these run whatever their predicate.
/// </summary>
internal static unsafe class FloatApproximationInstructions
{
    public static void Register(SemanticsBuilder b)
    {
        b.Bind(r => r.Type == InstructionType.F && r.Mnemonic.StartsWith("frcpa.", StringComparison.Ordinal), &Reciprocal, runsWhenPredicateFalse: true);
        b.Bind(r => r.Type == InstructionType.F && r.Mnemonic.StartsWith("frsqrta.", StringComparison.Ordinal), &ReciprocalSqrt, runsWhenPredicateFalse: true);
        b.Bind(r => r.Type == InstructionType.F && r.Mnemonic.StartsWith("fprcpa.", StringComparison.Ordinal), &ParallelReciprocal, runsWhenPredicateFalse: true);
        b.Bind(r => r.Type == InstructionType.F && r.Mnemonic.StartsWith("fprsqrta.", StringComparison.Ordinal), &ParallelReciprocalSqrt, runsWhenPredicateFalse: true);
    }

    private static int Field(in DecodedInst i) => (int)(i.Slot >> 34) & 3;

    private static bool Skipped(Vcpu v, in DecodedInst i)
    {
        if (i.Qp != 0 && !v.Cpu.GetPr(i.Qp))
        {
            v.Cpu.SetPr(i.P2, false);
            return true;
        }

        return false;
    }

    private static void Reciprocal(Vcpu v, in DecodedInst i)
    {
        if (Skipped(v, i))
        {
            return;
        }

        var cpu = v.Cpu;
        FloatRegister f2 = cpu.GetFr(i.R2), f3 = cpu.GetFr(i.R3);
        if (FloatRegisterMoves.NaTValWritten(v, i.R1, f2, f3))
        {
            cpu.SetPr(i.P2, false);
            return;
        }

        var a = FloatArithmeticInstructions.ToCore(f2);
        var c = FloatArithmeticInstructions.ToCore(f3);

        int field = Field(i);
        var flags = FloatFlags.None;
        var result = FloatApproximation.Reciprocal(a, c, FloatStatus.Decode(cpu.Ar[CpuState.ArFpsr], field), ref flags, out bool predicate);
        FloatCompares.Accumulate(v, field, flags);
        FloatRegisterMoves.WriteFr(v, i.R1, FloatArithmeticInstructions.FromCore(result));
        cpu.SetPr(i.P2, predicate);
    }

    private static void ReciprocalSqrt(Vcpu v, in DecodedInst i)
    {
        if (Skipped(v, i))
        {
            return;
        }

        var cpu = v.Cpu;
        var f3 = cpu.GetFr(i.R3);
        if (FloatRegisterMoves.NaTValWritten(v, i.R1, f3))
        {
            cpu.SetPr(i.P2, false);
            return;
        }

        var x = FloatArithmeticInstructions.ToCore(f3);

        int field = Field(i);
        var flags = FloatFlags.None;
        var result = FloatApproximation.ReciprocalSqrt(x, FloatStatus.Decode(cpu.Ar[CpuState.ArFpsr], field), ref flags, out bool predicate);
        FloatCompares.Accumulate(v, field, flags);
        FloatRegisterMoves.WriteFr(v, i.R1, FloatArithmeticInstructions.FromCore(result));
        cpu.SetPr(i.P2, predicate);
    }

    private static void ParallelReciprocal(Vcpu v, in DecodedInst i)
    {
        if (Skipped(v, i))
        {
            return;
        }

        var cpu = v.Cpu;
        FloatRegister f2 = cpu.GetFr(i.R2), f3 = cpu.GetFr(i.R3);
        if (FloatRegisterMoves.NaTValWritten(v, i.R1, f2, f3))
        {
            cpu.SetPr(i.P2, false);
            return;
        }

        var flags = FloatFlags.None;
        uint high = FloatApproximation.ParallelReciprocal(FloatParallelInstructions.High(f2), FloatParallelInstructions.High(f3), ref flags, out bool highPredicate);
        uint low = FloatApproximation.ParallelReciprocal(FloatParallelInstructions.Low(f2), FloatParallelInstructions.Low(f3), ref flags, out bool lowPredicate);
        FloatCompares.Accumulate(v, Field(i), flags);
        FloatParallelInstructions.WritePair(v, i.R1, high, low);
        cpu.SetPr(i.P2, highPredicate && lowPredicate);
    }

    private static void ParallelReciprocalSqrt(Vcpu v, in DecodedInst i)
    {
        if (Skipped(v, i))
        {
            return;
        }

        var cpu = v.Cpu;
        var f3 = cpu.GetFr(i.R3);
        if (FloatRegisterMoves.NaTValWritten(v, i.R1, f3))
        {
            cpu.SetPr(i.P2, false);
            return;
        }

        var flags = FloatFlags.None;
        uint high = FloatApproximation.ParallelReciprocalSqrt(FloatParallelInstructions.High(f3), ref flags, out bool highPredicate);
        uint low = FloatApproximation.ParallelReciprocalSqrt(FloatParallelInstructions.Low(f3), ref flags, out bool lowPredicate);
        FloatCompares.Accumulate(v, Field(i), flags);
        FloatParallelInstructions.WritePair(v, i.R1, high, low);
        cpu.SetPr(i.P2, highPredicate && lowPredicate);
    }
}
