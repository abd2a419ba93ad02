using System.Numerics;

namespace Ivm.Emulator.FloatingPoint;

/// <summary>
/// frcpa and frsqrta and their parallel forms: the architected table look-ups of SDM vol. 3
/// (fp_ieee_recip, fp_ieee_recip_sqrt), the special-case results, and the predicate that tells the
/// Newton-Raphson sequence whether to refine the approximation. Where the architecture takes a
/// software-assist fault (operands so extreme that the iteration could not produce the IEEE result)
/// the Linux kernel's handler writes the correctly rounded IEEE quotient (frcpa) or square root
/// (frsqrta) and clears the predicate; that is computed here directly.
/// </summary>
public static class FloatApproximation
{
    // fp_ieee_recip: bits 62:55 of the normalised divisor index 10 bits that follow the integer bit
    // of the approximation (SDM vol. 3, frcpa).
    private static ReadOnlySpan<ushort> ReciprocalTable =>
    [
        0x3fc, 0x3f4, 0x3ec, 0x3e4, 0x3dd, 0x3d5, 0x3cd, 0x3c6, 0x3be, 0x3b7, 0x3af, 0x3a8, 0x3a1, 0x399, 0x392, 0x38b,
        0x384, 0x37d, 0x376, 0x36f, 0x368, 0x361, 0x35b, 0x354, 0x34d, 0x346, 0x340, 0x339, 0x333, 0x32c, 0x326, 0x320,
        0x319, 0x313, 0x30d, 0x307, 0x300, 0x2fa, 0x2f4, 0x2ee, 0x2e8, 0x2e2, 0x2dc, 0x2d7, 0x2d1, 0x2cb, 0x2c5, 0x2bf,
        0x2ba, 0x2b4, 0x2af, 0x2a9, 0x2a3, 0x29e, 0x299, 0x293, 0x28e, 0x288, 0x283, 0x27e, 0x279, 0x273, 0x26e, 0x269,
        0x264, 0x25f, 0x25a, 0x255, 0x250, 0x24b, 0x246, 0x241, 0x23c, 0x237, 0x232, 0x22e, 0x229, 0x224, 0x21f, 0x21b,
        0x216, 0x211, 0x20d, 0x208, 0x204, 0x1ff, 0x1fb, 0x1f6, 0x1f2, 0x1ed, 0x1e9, 0x1e5, 0x1e0, 0x1dc, 0x1d8, 0x1d4,
        0x1cf, 0x1cb, 0x1c7, 0x1c3, 0x1bf, 0x1bb, 0x1b6, 0x1b2, 0x1ae, 0x1aa, 0x1a6, 0x1a2, 0x19e, 0x19a, 0x197, 0x193,
        0x18f, 0x18b, 0x187, 0x183, 0x17f, 0x17c, 0x178, 0x174, 0x171, 0x16d, 0x169, 0x166, 0x162, 0x15e, 0x15b, 0x157,
        0x154, 0x150, 0x14d, 0x149, 0x146, 0x142, 0x13f, 0x13b, 0x138, 0x134, 0x131, 0x12e, 0x12a, 0x127, 0x124, 0x120,
        0x11d, 0x11a, 0x117, 0x113, 0x110, 0x10d, 0x10a, 0x107, 0x103, 0x100, 0x0fd, 0x0fa, 0x0f7, 0x0f4, 0x0f1, 0x0ee,
        0x0eb, 0x0e8, 0x0e5, 0x0e2, 0x0df, 0x0dc, 0x0d9, 0x0d6, 0x0d3, 0x0d0, 0x0cd, 0x0ca, 0x0c8, 0x0c5, 0x0c2, 0x0bf,
        0x0bc, 0x0b9, 0x0b7, 0x0b4, 0x0b1, 0x0ae, 0x0ac, 0x0a9, 0x0a6, 0x0a4, 0x0a1, 0x09e, 0x09c, 0x099, 0x096, 0x094,
        0x091, 0x08e, 0x08c, 0x089, 0x087, 0x084, 0x082, 0x07f, 0x07c, 0x07a, 0x077, 0x075, 0x073, 0x070, 0x06e, 0x06b,
        0x069, 0x066, 0x064, 0x061, 0x05f, 0x05d, 0x05a, 0x058, 0x056, 0x053, 0x051, 0x04f, 0x04c, 0x04a, 0x048, 0x045,
        0x043, 0x041, 0x03f, 0x03c, 0x03a, 0x038, 0x036, 0x033, 0x031, 0x02f, 0x02d, 0x02b, 0x029, 0x026, 0x024, 0x022,
        0x020, 0x01e, 0x01c, 0x01a, 0x018, 0x015, 0x013, 0x011, 0x00f, 0x00d, 0x00b, 0x009, 0x007, 0x005, 0x003, 0x001,
    ];

    // fp_ieee_recip_sqrt: indexed by the exponent's low bit and bits 62:56 of the normalised operand.
    private static ReadOnlySpan<ushort> ReciprocalSqrtTable =>
    [
        0x1a5, 0x1a0, 0x19a, 0x195, 0x18f, 0x18a, 0x185, 0x180, 0x17a, 0x175, 0x170, 0x16b, 0x166, 0x161, 0x15d, 0x158,
        0x153, 0x14e, 0x14a, 0x145, 0x140, 0x13c, 0x138, 0x133, 0x12f, 0x12a, 0x126, 0x122, 0x11e, 0x11a, 0x115, 0x111,
        0x10d, 0x109, 0x105, 0x101, 0x0fd, 0x0fa, 0x0f6, 0x0f2, 0x0ee, 0x0ea, 0x0e7, 0x0e3, 0x0df, 0x0dc, 0x0d8, 0x0d5,
        0x0d1, 0x0ce, 0x0ca, 0x0c7, 0x0c3, 0x0c0, 0x0bd, 0x0b9, 0x0b6, 0x0b3, 0x0b0, 0x0ad, 0x0a9, 0x0a6, 0x0a3, 0x0a0,
        0x09d, 0x09a, 0x097, 0x094, 0x091, 0x08e, 0x08b, 0x088, 0x085, 0x082, 0x07f, 0x07d, 0x07a, 0x077, 0x074, 0x071,
        0x06f, 0x06c, 0x069, 0x067, 0x064, 0x061, 0x05f, 0x05c, 0x05a, 0x057, 0x054, 0x052, 0x04f, 0x04d, 0x04a, 0x048,
        0x045, 0x043, 0x041, 0x03e, 0x03c, 0x03a, 0x037, 0x035, 0x033, 0x030, 0x02e, 0x02c, 0x029, 0x027, 0x025, 0x023,
        0x020, 0x01e, 0x01c, 0x01a, 0x018, 0x016, 0x014, 0x011, 0x00f, 0x00d, 0x00b, 0x009, 0x007, 0x005, 0x003, 0x001,
        0x3fc, 0x3f4, 0x3ec, 0x3e5, 0x3dd, 0x3d5, 0x3ce, 0x3c7, 0x3bf, 0x3b8, 0x3b1, 0x3aa, 0x3a3, 0x39c, 0x395, 0x38e,
        0x388, 0x381, 0x37a, 0x374, 0x36d, 0x367, 0x361, 0x35a, 0x354, 0x34e, 0x348, 0x342, 0x33c, 0x336, 0x330, 0x32b,
        0x325, 0x31f, 0x31a, 0x314, 0x30f, 0x309, 0x304, 0x2fe, 0x2f9, 0x2f4, 0x2ee, 0x2e9, 0x2e4, 0x2df, 0x2da, 0x2d5,
        0x2d0, 0x2cb, 0x2c6, 0x2c1, 0x2bd, 0x2b8, 0x2b3, 0x2ae, 0x2aa, 0x2a5, 0x2a1, 0x29c, 0x298, 0x293, 0x28f, 0x28a,
        0x286, 0x282, 0x27d, 0x279, 0x275, 0x271, 0x26d, 0x268, 0x264, 0x260, 0x25c, 0x258, 0x254, 0x250, 0x24c, 0x249,
        0x245, 0x241, 0x23d, 0x239, 0x235, 0x232, 0x22e, 0x22a, 0x227, 0x223, 0x220, 0x21c, 0x218, 0x215, 0x211, 0x20e,
        0x20a, 0x207, 0x204, 0x200, 0x1fd, 0x1f9, 0x1f6, 0x1f3, 0x1f0, 0x1ec, 0x1e9, 0x1e6, 0x1e3, 0x1df, 0x1dc, 0x1d9,
        0x1d6, 0x1d3, 0x1d0, 0x1cd, 0x1ca, 0x1c7, 0x1c4, 0x1c1, 0x1be, 0x1bb, 0x1b8, 0x1b5, 0x1b2, 0x1af, 0x1ac, 0x1aa,
    ];

    private const int SingleBias = 127;

    /// <summary>
    /// frcpa f1, p2 = f2, f3: <paramref name="numerator"/> is f2, <paramref name="denominator"/> f3.
    /// Returns f1; <paramref name="predicate"/> is p2 (true only for the table approximation).
    /// NaTVal operands are the caller's business.
    /// </summary>
    public static Float82 Reciprocal(Float82 numerator, Float82 denominator, in FloatStatus status, ref FloatFlags flags, out bool predicate)
    {
        predicate = false;
        Float82 a = numerator, b = denominator;
        if (a.IsUnsupported || b.IsUnsupported)
        {
            flags |= FloatFlags.Invalid;
            return Float82.QNaNIndefinite;
        }
        if (a.IsNaN || b.IsNaN)
        {
            if (a.IsSignalingNaN || b.IsSignalingNaN)
            {
                flags |= FloatFlags.Invalid;
            }
            return (a.IsNaN ? a : b).Quieted();
        }
        if ((a.IsInfinity && b.IsInfinity) || (a.IsZero && b.IsZero))
        {
            flags |= FloatFlags.Invalid;
            return Float82.QNaNIndefinite;
        }
        bool sign = a.Sign ^ b.Sign;
        if (!a.IsInfinity && !a.IsZero && b.IsZero)
        {
            flags |= FloatFlags.ZeroDivide;
            return sign ? Float82.NegativeInfinity : Float82.PositiveInfinity;
        }
        if (a.IsUnnormal || b.IsUnnormal)
        {
            flags |= FloatFlags.Denormal;
        }
        if (a.IsInfinity)
        {
            return sign ? Float82.NegativeInfinity : Float82.PositiveInfinity;
        }
        if (b.IsInfinity || a.IsZero)
        {
            return new Float82(sign, 0, 0);
        }

        Normalize(a, out long aExponent, out ulong aSignificand);
        Normalize(b, out long bExponent, out ulong bSignificand);
        long estimated = aExponent - bExponent;
        if (bExponent < 1 || bExponent >= 2 * Float82.Bias - 2 || estimated >= Float82.Bias || estimated <= 2 - Float82.Bias || aExponent <= 64)
        {
            // Software assist: the kernel completes the IEEE division in the status field's format.
            var quotient = ((BigInteger)aSignificand << 130) / bSignificand;
            bool inexact = quotient * bSignificand != (BigInteger)aSignificand << 130;
            var magnitude = (quotient << 1) + (inexact ? 1 : 0);
            return ExactRounding.Round(sign, magnitude, aExponent - bExponent - 131,
                ResultFormat.For(PrecisionOverride.None, status), status, ref flags);
        }

        predicate = true;
        return Recip(b.Sign, bExponent, bSignificand);
    }

    /// <summary>
    /// frsqrta f1, p2 = f3: the table approximation of 1/√x with p2 set, or for the special operands
    /// the value the square-root sequence returns unrefined (√±0 = ±0, √+∞ = +∞, NaN) with p2 clear.
    /// </summary>
    public static Float82 ReciprocalSqrt(Float82 x, in FloatStatus status, ref FloatFlags flags, out bool predicate)
    {
        predicate = false;
        if (x.IsUnsupported)
        {
            flags |= FloatFlags.Invalid;
            return Float82.QNaNIndefinite;
        }
        if (x.IsNaN)
        {
            if (x.IsSignalingNaN)
            {
                flags |= FloatFlags.Invalid;
            }
            return x.Quieted();
        }
        if (x.Sign && !x.IsZero)
        {
            flags |= FloatFlags.Invalid;
            return Float82.QNaNIndefinite;
        }
        if (x.IsUnnormal)
        {
            flags |= FloatFlags.Denormal;
        }
        if (x.IsZero)
        {
            return new Float82(x.Sign, 0, 0);
        }
        if (x.IsInfinity)
        {
            return Float82.PositiveInfinity;
        }

        Normalize(x, out long exponent, out ulong significand);
        if (exponent <= 64)
        {
            // Software assist: the kernel writes the IEEE square root.
            long scale = exponent - Float82.Bias - 63;
            BigInteger value = significand;
            if ((scale & 1) != 0)
            {
                value <<= 1;
                scale--;
            }
            value <<= 140;
            var root = IntegerSqrt(value);
            bool inexact = root * root != value;
            return ExactRounding.Round(false, (root << 1) + (inexact ? 1 : 0), ((scale - 140) / 2) - 1,
                ResultFormat.For(PrecisionOverride.None, status), status, ref flags);
        }

        predicate = true;
        return RecipSqrt(exponent, significand);
    }

    /// <summary>fprcpa on one pair of single-precision halves; returns the single bits of the result.</summary>
    public static uint ParallelReciprocal(uint numeratorBits, uint denominatorBits, ref FloatFlags flags, out bool predicate)
    {
        predicate = false;
        var a = Float82.FromSingleBits(numeratorBits);
        var b = Float82.FromSingleBits(denominatorBits);
        if (a.IsNaN || b.IsNaN)
        {
            if (a.IsSignalingNaN || b.IsSignalingNaN)
            {
                flags |= FloatFlags.Invalid;
            }
            return (a.IsNaN ? a : b).Quieted().ToSingleBits();
        }
        if ((a.IsInfinity && b.IsInfinity) || (a.IsZero && b.IsZero))
        {
            flags |= FloatFlags.Invalid;
            return Float82.QNaNIndefinite.ToSingleBits();
        }
        bool sign = a.Sign ^ b.Sign;
        if (!a.IsInfinity && !a.IsZero && b.IsZero)
        {
            flags |= FloatFlags.ZeroDivide;
            return (sign ? Float82.NegativeInfinity : Float82.PositiveInfinity).ToSingleBits();
        }
        if (a.IsUnnormal || b.IsUnnormal)
        {
            flags |= FloatFlags.Denormal;
        }

        bool quotientOutOfRange = false;
        if (!a.IsZero && !a.IsInfinity && !b.IsZero && !b.IsInfinity)
        {
            // The limits of the single-precision sequence: a denormal divisor has a reciprocal
            // beyond the format (∞), a huge one a reciprocal below it (0); both clear the predicate.
            if (b.IsUnnormal)
            {
                return (b.Sign ? Float82.NegativeInfinity : Float82.PositiveInfinity).ToSingleBits();
            }
            if (b.Exponent >= Float82.Bias + SingleBias - 2)
            {
                return new Float82(b.Sign, 0, 0).ToSingleBits();
            }
            Normalize(a, out long aExponent, out _);
            long estimated = aExponent - b.Exponent;
            quotientOutOfRange = estimated >= SingleBias || estimated <= 2 - SingleBias || aExponent <= 24 + Float82.Bias - SingleBias;
        }
        if (a.IsInfinity)
        {
            return (sign ? Float82.NegativeInfinity : Float82.PositiveInfinity).ToSingleBits();
        }
        if (b.IsInfinity || a.IsZero)
        {
            return new Float82(sign, 0, 0).ToSingleBits();
        }

        Normalize(b, out long bExponent, out ulong bSignificand);
        predicate = !quotientOutOfRange;
        return Recip(b.Sign, bExponent, bSignificand).ToSingleBits();
    }

    /// <summary>fprsqrta on one single-precision half; returns the single bits of the result.</summary>
    public static uint ParallelReciprocalSqrt(uint bits, ref FloatFlags flags, out bool predicate)
    {
        predicate = false;
        var x = Float82.FromSingleBits(bits);
        if (x.IsNaN)
        {
            if (x.IsSignalingNaN)
            {
                flags |= FloatFlags.Invalid;
            }
            return x.Quieted().ToSingleBits();
        }
        if (x.Sign && !x.IsZero)
        {
            flags |= FloatFlags.Invalid;
            return Float82.QNaNIndefinite.ToSingleBits();
        }
        if (x.IsUnnormal)
        {
            flags |= FloatFlags.Denormal;
        }
        if (x.IsZero)
        {
            return (x.Sign ? Float82.NegativeInfinity : Float82.PositiveInfinity).ToSingleBits();
        }
        if (x.IsInfinity)
        {
            return 0;
        }

        Normalize(x, out long exponent, out ulong significand);
        predicate = exponent > Float82.Bias - SingleBias + 24;
        return RecipSqrt(exponent, significand).ToSingleBits();
    }

    private static Float82 Recip(bool sign, long exponent, ulong significand) =>
        new(sign, (int)(Float82.SpecialExponent - 2 - exponent),
            Float82.IntegerBit | ((ulong)ReciprocalTable[(int)(significand >> 55) & 0xFF] << 53));

    private static Float82 RecipSqrt(long exponent, ulong significand)
    {
        int index = (int)((exponent & 1) << 7) | ((int)(significand >> 56) & 0x7F);
        return new Float82(false, (int)(Float82.Bias - 1 - ((exponent - Float82.Bias) >> 1)),
            Float82.IntegerBit | ((ulong)ReciprocalSqrtTable[index] << 53));
    }

    private static void Normalize(Float82 value, out long exponent, out ulong significand)
    {
        int shift = BitOperations.LeadingZeroCount(value.Significand);
        exponent = (long)value.Exponent - shift;
        significand = value.Significand << shift;
    }

    private static BigInteger IntegerSqrt(BigInteger n)
    {
        var x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            var y = (x + (n / x)) >> 1;
            if (y >= x)
            {
                return x;
            }
            x = y;
        }
    }
}
