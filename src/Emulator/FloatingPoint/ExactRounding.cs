using System.Numerics;

namespace Ivm.Emulator.FloatingPoint;

/// <summary>
/// The single IEEE rounding of an exact value magnitude × 2^scale into a register result. Kept
/// apart from the operations so that every instruction rounds the same way: tininess after
/// rounding (SDM vol. 1 §5.4.3), denormalised results at the format's minimum exponent with the
/// integer bit clear, overflow to infinity or the largest finite number by rounding direction.
/// </summary>
internal static class ExactRounding
{
    public static Float82 Round(bool sign, BigInteger magnitude, long scale, ResultFormat format, in FloatStatus status, ref FloatFlags flags)
    {
        int p = format.SignificandBits;
        long length = (long)magnitude.GetBitLength();
        long exponent = scale + length - 1;

        // Tininess is judged on the value rounded as if the exponent range were unbounded.
        var unbounded = RoundAt(sign, magnitude, scale, exponent - (p - 1), status.Rounding, out _);
        long unboundedExponent = exponent + (unbounded.GetBitLength() > p ? 1 : 0);
        bool tiny = unboundedExponent < format.MinExponent;

        if (tiny && status.FlushToZero)
        {
            flags |= FloatFlags.Underflow | FloatFlags.Inexact;
            return new Float82(sign, 0, 0);
        }

        long quantum = Math.Max(exponent, format.MinExponent) - (p - 1);
        var kept = RoundAt(sign, magnitude, scale, quantum, status.Rounding, out bool inexact);
        if (kept.GetBitLength() > p)
        {
            kept >>= 1;
            quantum++;
        }
        if (inexact)
        {
            flags |= FloatFlags.Inexact;
            if (tiny)
            {
                flags |= FloatFlags.Underflow;
            }
        }
        if (kept.IsZero)
        {
            return new Float82(sign, 0, 0);
        }

        long resultExponent = quantum + (long)kept.GetBitLength() - 1;
        if (resultExponent > format.MaxExponent)
        {
            flags |= FloatFlags.Overflow | FloatFlags.Inexact;
            return RoundsAwayFromZero(sign, status.Rounding)
                ? new Float82(sign, Float82.SpecialExponent, Float82.IntegerBit)
                : new Float82(sign, format.MaxExponent + Float82.Bias, ulong.MaxValue << (64 - p));
        }

        // A denormal keeps the minimum exponent with its leading zeros in the significand.
        long topExponent = quantum + p - 1;
        var significand = (ulong)kept << (64 - p);
        return new Float82(sign, (int)(topExponent + Float82.Bias), significand);
    }

    /// <summary>Whether an overflow in this direction goes to infinity rather than the largest finite value.</summary>
    public static bool RoundsAwayFromZero(bool sign, RoundingMode mode) => mode switch
    {
        RoundingMode.ToNearest => true,
        RoundingMode.Up => !sign,
        RoundingMode.Down => sign,
        _ => false,
    };

    // magnitude × 2^scale rounded to an integer multiple of 2^quantum; returns the multiple.
    private static BigInteger RoundAt(bool sign, BigInteger magnitude, long scale, long quantum, RoundingMode mode, out bool inexact)
    {
        long shift = quantum - scale;
        if (shift <= 0)
        {
            inexact = false;
            return magnitude << (int)-shift;
        }
        BigInteger kept;
        BigInteger remainder;
        BigInteger half;
        if (shift > magnitude.GetBitLength() + 1)
        {
            // Far below the last kept bit: only "non-zero and less than half" matters.
            kept = BigInteger.Zero;
            remainder = BigInteger.One;
            half = BigInteger.One << 2;
        }
        else
        {
            kept = magnitude >> (int)shift;
            remainder = magnitude - (kept << (int)shift);
            half = BigInteger.One << (int)(shift - 1);
        }
        inexact = !remainder.IsZero;
        if (!inexact)
        {
            return kept;
        }
        bool up = mode switch
        {
            RoundingMode.ToNearest => remainder > half || (remainder == half && !kept.IsEven),
            RoundingMode.Up => !sign,
            RoundingMode.Down => sign,
            _ => false,
        };
        return up ? kept + 1 : kept;
    }
}
