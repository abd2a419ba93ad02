using System.Numerics;

namespace Ivm.Emulator.FloatingPoint;

/// <summary>fcvt.fx, fcvt.fxu (with and without .trunc) and fcvt.xf.</summary>
public static class FloatConversion
{
    /// <summary>The integer indefinite an invalid conversion writes (in the integer form).</summary>
    public static readonly Float82 IntegerIndefinite = Float82.FromInteger(0x8000000000000000);

    /// <summary>
    /// fcvt.fx / fcvt.fxu: <paramref name="value"/> rounded to a 64-bit integer (by the status
    /// field's rc, or toward zero for .trunc) in the integer form, exponent 0x1003E. NaNs,
    /// infinities and results outside the signed or unsigned range are invalid.
    /// </summary>
    public static Float82 ToInteger(Float82 value, bool unsigned, bool truncate, in FloatStatus status, ref FloatFlags flags)
    {
        if (value.IsNaTVal)
        {
            return Float82.NaTVal;
        }
        if (value.Exponent == Float82.SpecialExponent)
        {
            flags |= FloatFlags.Invalid;
            return IntegerIndefinite;
        }
        if (value.IsUnnormal)
        {
            flags |= FloatFlags.Denormal;
        }
        var mode = truncate ? RoundingMode.TowardZero : status.Rounding;
        var magnitude = RoundToInteger(value, mode, out bool inexact);
        var signed = value.Sign ? -magnitude : magnitude;
        bool inRange = unsigned
            ? signed.Sign >= 0 && signed <= ulong.MaxValue
            : signed >= long.MinValue && signed <= long.MaxValue;
        if (!inRange)
        {
            flags |= FloatFlags.Invalid;
            return IntegerIndefinite;
        }
        if (inexact)
        {
            flags |= FloatFlags.Inexact;
        }
        return Float82.FromInteger(unsigned ? (ulong)signed : unchecked((ulong)(long)signed));
    }

    /// <summary>
    /// fcvt.xf: the significand read as a signed 64-bit integer, as an exactly normalised register
    /// value (64 bits always fit, so nothing rounds and no flag is raised).
    /// </summary>
    public static Float82 FromSignedInteger(Float82 value)
    {
        if (value.IsNaTVal)
        {
            return Float82.NaTVal;
        }
        long integer = unchecked((long)value.Significand);
        if (integer == 0)
        {
            return Float82.Zero;
        }
        ulong magnitude = integer < 0 ? unchecked((ulong)-integer) : (ulong)integer;
        int leadingZeros = BitOperations.LeadingZeroCount(magnitude);
        return new Float82(integer < 0, Float82.IntegerExponent - leadingZeros, magnitude << leadingZeros);
    }

    // |value| rounded to an integer in the given direction (value's sign steers Up and Down).
    private static BigInteger RoundToInteger(Float82 value, RoundingMode mode, out bool inexact)
    {
        // value = significand × 2^(exponent − 0x1003E)
        int shift = Float82.IntegerExponent - value.Exponent;
        BigInteger significand = value.Significand;
        if (shift <= 0)
        {
            inexact = false;
            return significand << -shift;
        }
        if (shift > 66)
        {
            // Below one half: only whether it is non-zero matters.
            inexact = !significand.IsZero;
            return inexact && ExactRounding.RoundsAwayFromZero(value.Sign, mode) && mode != RoundingMode.ToNearest
                ? BigInteger.One : BigInteger.Zero;
        }
        var kept = significand >> shift;
        var remainder = significand - (kept << shift);
        inexact = !remainder.IsZero;
        if (!inexact)
        {
            return kept;
        }
        var half = BigInteger.One << (shift - 1);
        bool up = mode switch
        {
            RoundingMode.ToNearest => remainder > half || (remainder == half && !kept.IsEven),
            RoundingMode.Up => !value.Sign,
            RoundingMode.Down => value.Sign,
            _ => false,
        };
        return up ? kept + 1 : kept;
    }
}
