namespace Ivm.Emulator.FloatingPoint;

/// <summary>
/// The single IEEE rounding of an exact value magnitude × 2^scale into a register result (the
/// magnitude may carry a sticky bit from <see cref="WideSum"/>, at least 64 bits below its top). Kept
/// apart from the operations so that every instruction rounds the same way: tininess after
/// rounding (SDM vol. 1 §5.4.3), denormalised results at the format's minimum exponent with the
/// integer bit clear, overflow to infinity or the largest finite number by rounding direction.
/// </summary>
internal static class ExactRounding
{
    public static Float82 Round(bool sign, UInt128 magnitude, long scale, ResultFormat format, in FloatStatus status, ref FloatFlags flags)
    {
        int p = format.SignificandBits;
        long length = BitLength(magnitude);
        long exponent = scale + length - 1;

        // Tininess is judged on the value rounded as if the exponent range were unbounded.
        var unbounded = RoundAt(sign, magnitude, scale, exponent - (p - 1), status.Rounding, out _);
        long unboundedExponent = exponent + (BitLength(unbounded) > p ? 1 : 0);
        bool tiny = unboundedExponent < format.MinExponent;

        if (tiny && status.FlushToZero)
        {
            flags |= FloatFlags.Underflow | FloatFlags.Inexact;
            return new Float82(sign, 0, 0);
        }

        long quantum = Math.Max(exponent, format.MinExponent) - (p - 1);
        var kept = RoundAt(sign, magnitude, scale, quantum, status.Rounding, out bool inexact);
        if (BitLength(kept) > p)
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
        if (kept == 0)
        {
            return new Float82(sign, 0, 0);
        }

        long resultExponent = quantum + BitLength(kept) - 1;
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

    private static int BitLength(UInt128 value) => 128 - (int)UInt128.LeadingZeroCount(value);

    // magnitude × 2^scale rounded to an integer multiple of 2^quantum; returns the multiple (which
    // never needs more than 65 bits: quantum is at most p - 1 bits below the top).
    private static UInt128 RoundAt(bool sign, UInt128 magnitude, long scale, long quantum, RoundingMode mode, out bool inexact)
    {
        long shift = quantum - scale;
        if (shift <= 0)
        {
            inexact = false;
            return magnitude << (int)-shift;
        }

        UInt128 kept, remainder;
        bool aboveHalf, atHalf;
        if (shift > 128)
        {
            // Entirely below the last kept bit, and below half of it.
            kept = 0;
            remainder = magnitude;
            aboveHalf = atHalf = false;
        }
        else
        {
            kept = shift == 128 ? 0 : magnitude >> (int)shift;
            remainder = shift == 128 ? magnitude : magnitude & ((UInt128.One << (int)shift) - 1);
            var half = UInt128.One << (int)(shift - 1);
            aboveHalf = remainder > half;
            atHalf = remainder == half;
        }

        inexact = remainder != 0;
        if (!inexact)
        {
            return kept;
        }

        bool up = mode switch
        {
            RoundingMode.ToNearest => aboveHalf || (atHalf && (kept & 1) != 0),
            RoundingMode.Up => !sign,
            RoundingMode.Down => sign,
            _ => false,
        };
        return up ? kept + 1 : kept;
    }
}
