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

    /// <summary>
    /// The common case without the 256-bit machinery: an exact value (<paramref name="magnitude"/> +
    /// sticky) × 2^<paramref name="scale"/> held in 128 bits whose rounded result is a normal number
    /// of <paramref name="format"/>. Declines (false) for zero and for anything near the ends of the
    /// exponent range (tiny, overflowing), which <see cref="Round(bool, in UInt256, bool, long, ResultFormat, in FloatStatus, ref FloatFlags)"/>
    /// handles; both give the same answer wherever this one accepts.
    /// </summary>
    public static bool TryRoundNormal(bool sign, UInt128 magnitude, bool sticky, long scale, ResultFormat format, RoundingMode mode,
        ref FloatFlags flags, out Float82 result)
    {
        int zeros = (int)UInt128.LeadingZeroCount(magnitude);
        long exponent = scale + 127 - zeros;
        // Below the minimum the value may be tiny; at the maximum rounding may overflow.
        if (zeros == 128 || exponent < format.MinExponent || exponent >= format.MaxExponent)
        {
            result = default;
            return false;
        }

        int p = format.SignificandBits;
        var normalized = magnitude << zeros;
        ulong kept = (ulong)(normalized >> (128 - p));
        var rest = normalized << p;
        const ulong HalfHigh = 1UL << 63;
        if (rest != UInt128.Zero || sticky)
        {
            flags |= FloatFlags.Inexact;
            ulong restHigh = (ulong)(rest >> 64);
            bool up = mode switch
            {
                // Above half, or exactly half (nothing below) and kept odd: ties to even.
                RoundingMode.ToNearest => restHigh > HalfHigh
                    || (restHigh == HalfHigh && ((ulong)rest != 0 || sticky || (kept & 1) != 0)),
                RoundingMode.Up => !sign,
                RoundingMode.Down => sign,
                _ => false,
            };
            if (up)
            {
                if (kept == ulong.MaxValue >> (64 - p))
                {
                    // All ones carries out to 2^p: one bit more on top, still below the maximum exponent.
                    kept = 1UL << (p - 1);
                    exponent++;
                }
                else
                {
                    kept++;
                }
            }
        }

        result = new Float82(sign, (int)(exponent + Float82.Bias), kept << (64 - p));
        return true;
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
