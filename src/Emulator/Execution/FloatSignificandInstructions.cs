using Ivm.Emulator.Cpu;
using Ivm.Emulator.FloatingPoint;
using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// The F-unit instructions that work on significand bits as integers or as two single-precision
/// halves (SDM vol. 3 F3, F9): fselect, fand, fandcm, for, fxor, fmix.l/.r/.lr, fsxt.l/.r, fpack,
/// fswap/.nl/.nr. Every result has the integer-form exponent 0x1003E and a positive sign; a NaTVal
/// source makes the result NaTVal. None of them raises a floating-point flag.
/// </summary>
internal static unsafe class FloatSignificandInstructions
{
    private const byte And = 0, AndComplement = 1, Or = 2, Xor = 3, MixLeftRight = 4, MixRight = 5, MixLeft = 6,
        SignExtendRight = 7, SignExtendLeft = 8, Pack = 9, Swap = 10, SwapNegateLeft = 11, SwapNegateRight = 12;

    public static void Register(SemanticsBuilder b)
    {
        b.Bind(r => r.Mnemonic == "fselect", &Select);
        b.Bind(r => r.Type == InstructionType.F && KindOf(r.Mnemonic) >= 0, &Combine, r => new OpInfo(0, 0, (byte)KindOf(r.Mnemonic), 0));
    }

    private static int KindOf(string mnemonic) => mnemonic switch
    {
        "fand" => And,
        "fandcm" => AndComplement,
        "for" => Or,
        "fxor" => Xor,
        "fmix.lr" => MixLeftRight,
        "fmix.r" => MixRight,
        "fmix.l" => MixLeft,
        "fsxt.r" => SignExtendRight,
        "fsxt.l" => SignExtendLeft,
        "fpack" => Pack,
        "fswap" => Swap,
        "fswap.nl" => SwapNegateLeft,
        "fswap.nr" => SwapNegateRight,
        _ => -1,
    };

    // fselect f1 = f3, f4, f2: bits of f3 where f2 has ones, of f4 where it has zeros.
    private static void Select(Vcpu v, in DecodedInst i)
    {
        var cpu = v.Cpu;
        FloatRegister f3 = cpu.GetFr(i.R3), f4 = cpu.GetFr(i.R4), f2 = cpu.GetFr(i.R2);
        if (FloatRegisterMoves.NaTValWritten(v, i.R1, f3, f4, f2))
        {
            return;
        }

        ulong mask = f2.Significand;
        FloatRegisterMoves.WriteFr(v, i.R1, FloatRegister.FromInteger((f3.Significand & mask) | (f4.Significand & ~mask)));
    }

    private static void Combine(Vcpu v, in DecodedInst i)
    {
        var cpu = v.Cpu;
        FloatRegister f2 = cpu.GetFr(i.R2), f3 = cpu.GetFr(i.R3);
        if (FloatRegisterMoves.NaTValWritten(v, i.R1, f2, f3))
        {
            return;
        }

        ulong a = f2.Significand, c = f3.Significand;
        const ulong Low = 0xFFFFFFFFUL, High = ~Low;
        ulong result = Semantics.Info[i.Op].Kind switch
        {
            And => a & c,
            AndComplement => a & ~c,
            Or => a | c,
            Xor => a ^ c,
            MixLeftRight => (a & High) | (c & Low),
            MixRight => (a << 32) | (c & Low),
            MixLeft => (a & High) | (c >> 32),
            // fsxt: the sign of one half of f2 fills the left half, beside the same half of f3.
            SignExtendRight => ((a & 0x80000000UL) != 0 ? High : 0) | (c & Low),
            SignExtendLeft => ((long)a < 0 ? High : 0) | (c >> 32),
            // fpack: both registers converted to the single memory format, f2 on the left.
            Pack => ((ulong)FloatArithmeticInstructions.ToCore(f2).ToSingleBits() << 32)
                | FloatArithmeticInstructions.ToCore(f3).ToSingleBits(),
            // fswap: left half of f2 and right half of f3, concatenated and then swapped.
            Swap => (c << 32) | (a >> 32),
            SwapNegateLeft => ((c << 32) | (a >> 32)) ^ (1UL << 63),
            _ => ((c << 32) | (a >> 32)) ^ (1UL << 31),
        };
        FloatRegisterMoves.WriteFr(v, i.R1, FloatRegister.FromInteger(result));
    }
}
