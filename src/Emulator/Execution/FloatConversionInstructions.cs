using Ivm.Emulator.Cpu;
using Ivm.Emulator.FloatingPoint;
using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// Conversions between the floating-point and integer forms (SDM vol. 3 F10, F11): fcvt.fx, fcvt.fxu
/// and their .trunc forms in every status field, and fcvt.xf. (fcvt.xuf is the fma encoding objdump
/// spells fnorm, bound with the multiply-adds.) An invalid conversion writes the integer
/// indefinite 0x8000000000000000 and raises v.
/// </summary>
internal static unsafe class FloatConversionInstructions
{
    public static void Register(SemanticsBuilder b)
    {
        b.Bind(r => r.Type == InstructionType.F && r.Mnemonic.StartsWith("fcvt.fx", StringComparison.Ordinal), &ToInteger,
            r => new OpInfo(0, 0, (byte)(r.Mnemonic.StartsWith("fcvt.fxu", StringComparison.Ordinal) ? 1 : 0),
                (byte)(r.Mnemonic.Contains(".trunc", StringComparison.Ordinal) ? 1 : 0)));
        b.Bind(r => r.Mnemonic == "fcvt.xf", &FromInteger);
    }

    private static void ToInteger(Vcpu v, in DecodedInst i)
    {
        var info = Semantics.Info[i.Op];
        var cpu = v.Cpu;
        int field = (int)(i.Slot >> 34) & 3;
        var status = FloatStatus.Decode(cpu.Ar[CpuState.ArFpsr], field);
        var flags = FloatFlags.None;
        var result = FloatConversion.ToInteger(FloatArithmeticInstructions.ToCore(cpu.GetFr(i.R2)), info.Kind == 1, info.Form == 1, status, ref flags);
        FloatCompares.Accumulate(v, field, flags);
        FloatRegisterMoves.WriteFr(v, i.R1, FloatArithmeticInstructions.FromCore(result));
    }

    private static void FromInteger(Vcpu v, in DecodedInst i) =>
        FloatRegisterMoves.WriteFr(v, i.R1,
            FloatArithmeticInstructions.FromCore(FloatConversion.FromSignedInteger(FloatArithmeticInstructions.ToCore(v.Cpu.GetFr(i.R2)))));
}
