using System.Numerics;

namespace Ivm.Emulator.FloatingPoint;

/// <summary>
/// The single IEEE rounding of an exact value magnitude × 2^scale into a register result. Kept
/// apart from the operations so that every instruction rounds the same way: tininess after
/// rounding (SDM vol. 1 §5.4.3), denormalised results at the format's minimum exponent with the
/// integer bit clear, overflow to infinity or the largest finite number by rounding direction.
/// The magnitude is a 256-bit integer with a sticky bit standing for non-zero bits below its last
/// one (strictly less than one unit), so no rounding allocates.
/// </summary>
internal static class ExactRounding
{
    /// <summary>The rare callers that build the exact value as a BigInteger (at most 256 bits).</summary>
    public static Float82 Round(bool sign, BigInteger magnitude, long scale, ResultFormat format, in FloatStatus status, ref FloatFlags flags)
        => Round(sign, UInt256.FromBigInteger(magnitude), sticky: false, scale, format, status, ref flags);

    public static Float82 Round(bool sign, in UInt256 magnitude, bool sticky, long scale, ResultFormat format, in FloatStatus status, ref FloatFlags flags)
    {
        int p = format.SignificandBits;
        long length = magnitude.BitLength;
        long exponent = scale + length - 1;

        // Tininess is judged on the value rounded as if the exponent range were unbounded.
        var unbounded = RoundAt(sign, magnitude, sticky, scale, exponent - (p - 1), status.Rounding, out bool unboundedInexact);
        long unboundedExponent = exponent + (BitLength(unbounded) > p ? 1 : 0);
        bool tiny = unboundedExponent < format.MinExponent;

        if (tiny && status.FlushToZero)
        {
            flags |= FloatFlags.Underflow | FloatFlags.Inexact;
            return new Float82(sign, 0, 0);
        }

        // A result in the normal range rounds at the same place: reuse that rounding.
        long quantum = Math.Max(exponent, format.MinExponent) - (p - 1);
        bool inexact = unboundedInexact;
        var kept = quantum == exponent - (p - 1) ? unbounded : RoundAt(sign, magnitude, sticky, scale, quantum, status.Rounding, out inexact);
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
        if (kept == UInt128.Zero)
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

    // (magnitude + sticky) × 2^scale rounded to an integer multiple of 2^quantum; returns the
    // multiple, which never needs more than p + 1 bits.
    private static UInt128 RoundAt(bool sign, in UInt256 magnitude, bool sticky, long scale, long quantum, RoundingMode mode, out bool inexact)
    {
        long shift = quantum - scale;
        UInt128 kept;
        bool aboveHalf, exactlyHalf;
        if (shift <= 0)
        {
            // Every bit is kept; only the sticky part (below one half) can be lost.
            kept = magnitude.ShiftLeft((int)-shift).Low128;
            inexact = sticky;
            aboveHalf = exactlyHalf = false;
        }
        else if (shift > magnitude.BitLength + 1)
        {
            // Far below the last kept bit: only "non-zero and less than half" matters.
            kept = UInt128.Zero;
            inexact = !magnitude.IsZero || sticky;
            aboveHalf = exactlyHalf = false;
        }
        else
        {
            int bits = (int)shift;
            kept = magnitude.ShiftRight(bits, out _).Low128;
            bool halfBit = magnitude.TestBit(bits - 1);
            bool below = magnitude.AnyBitsBelow(bits - 1) || sticky;
            inexact = halfBit || below;
            aboveHalf = halfBit && below;
            exactlyHalf = halfBit && !below;
        }
        if (!inexact)
        {
            return kept;
        }
        bool up = mode switch
        {
            RoundingMode.ToNearest => aboveHalf || (exactlyHalf && (kept & UInt128.One) != UInt128.Zero),
            RoundingMode.Up => !sign,
            RoundingMode.Down => sign,
            _ => false,
        };
        return up ? kept + UInt128.One : kept;
    }
}
