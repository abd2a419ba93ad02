using System.Runtime.CompilerServices;
using Ivm.Emulator.Cpu;
using Ivm.Emulator.FloatingPoint;
using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// Rounding floating-point instructions on the 82-bit core (SDM vol. 3 F1, M18, M19): fma, fms, fnma
/// and their fadd, fsub, fmpy, fnmpy, fnorm spellings in every precision and status field, with the
/// raised flags accumulated into ar.fpsr; and setf/getf in the single, double and exponent forms.
/// </summary>
internal static unsafe class FloatArithmeticInstructions
{
    public static void Register(SemanticsBuilder b)
    {
        b.Bind(r => r.Type == InstructionType.F && (r.Value >> 37) is >= 8 and <= 13 && !r.Mnemonic.StartsWith("fp", StringComparison.Ordinal)
            && !r.Mnemonic.StartsWith("xm", StringComparison.Ordinal), &MultiplyAdd);
        b.Bind(r => r.Mnemonic is "setf.s" or "setf.d" or "setf.exp", &SetFloat, FormatOf);
        b.Bind(r => r.Mnemonic is "getf.s" or "getf.d" or "getf.exp", &GetFloat, FormatOf);
    }

    private const byte SingleFormat = 0, DoubleFormat = 1, ExponentFormat = 2;

    private static OpInfo FormatOf(Encoding r) =>
        new(0, 0, r.Mnemonic[5..] switch { "s" => SingleFormat, "d" => DoubleFormat, _ => ExponentFormat }, 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Float82 ToCore(FloatRegister f) => new(f.Negative, (int)f.Exponent, f.Significand);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatRegister FromCore(Float82 f) =>
        new(f.Significand, (f.Sign ? FloatRegister.SignBit : 0) | (uint)f.Exponent);

    // F1: majors 8/9 fma, A/B fms, C/D fnma; on the even major x selects .s, on the odd one x=0 is .d.
    // Inlined into translated blocks, where the slot is a constant: the form, precision and status
    // field then fold away and only the arithmetic core is called.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MultiplyAdd(Vcpu v, in DecodedInst i)
    {
        var cpu = v.Cpu;
        ulong slot = i.Slot;
        int major = (int)(slot >> 37), x = (int)(slot >> 36) & 1, field = (int)(slot >> 34) & 3;
        var form = (major >> 1) switch
        {
            4 => MultiplyAddForm.Add,
            5 => MultiplyAddForm.Subtract,
            _ => MultiplyAddForm.NegateProduct,
        };
        if (i.R2 == 0)
        {
            form |= MultiplyAddForm.AddendIsF0;
        }

        var precision = (major & 1) == 1 ? PrecisionOverride.Double : x == 1 ? PrecisionOverride.Single : PrecisionOverride.None;
        ulong fpsr = cpu.Ar[CpuState.ArFpsr];
        var status = FloatStatus.Decode(fpsr, field);
        var flags = FloatFlags.None;
        var result = FloatArithmetic.MultiplyAdd(ToCore(cpu.GetFr(i.R3)), ToCore(cpu.GetFr(i.R4)), ToCore(cpu.GetFr(i.R2)),
            form, precision, status, ref flags);
        cpu.Ar[CpuState.ArFpsr] = FloatStatus.AccumulateFlags(fpsr, field, flags);
        FloatRegisterMoves.WriteFr(v, i.R1, FromCore(result));
    }

    private static void SetFloat(Vcpu v, in DecodedInst i)
    {
        ulong value = Registers.Read(v, i.R2);
        if (v.Cpu.GetNat(i.R2))
        {
            FloatRegisterMoves.WriteFr(v, i.R1, FloatRegister.NaTVal);
            return;
        }

        var result = Semantics.Info[i.Op].Kind switch
        {
            SingleFormat => FromCore(Float82.FromSingleBits((uint)value)),
            DoubleFormat => FromCore(Float82.FromDoubleBits(value)),
            // setf.exp: sign and exponent from bits 17:0, significand 1.0.
            _ => new FloatRegister(1UL << 63, (uint)value & (FloatRegister.SignBit | FloatRegister.ExponentMask)),
        };
        FloatRegisterMoves.WriteFr(v, i.R1, result);
    }

    private static void GetFloat(Vcpu v, in DecodedInst i)
    {
        var f = v.Cpu.GetFr(i.R2);
        ulong value = Semantics.Info[i.Op].Kind switch
        {
            SingleFormat => ToCore(f).ToSingleBits(),
            DoubleFormat => ToCore(f).ToDoubleBits(),
            _ => f.SignExponent,
        };
        Registers.Write(v, i.R1, value, f.IsNaTVal);
    }
}
