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
        bool fits = RoundToInteger(value, mode, out UInt128 magnitude, out bool inexact);
        bool inRange = fits && (magnitude == UInt128.Zero
            || (unsigned ? !value.Sign && magnitude <= ulong.MaxValue
                : magnitude <= (value.Sign ? (UInt128)long.MaxValue + 1 : (UInt128)long.MaxValue)));
        if (!inRange)
        {
            flags |= FloatFlags.Invalid;
            return IntegerIndefinite;
        }
        if (inexact)
        {
            flags |= FloatFlags.Inexact;
        }
        ulong bits = (ulong)magnitude;
        return Float82.FromInteger(value.Sign ? unchecked(0 - bits) : bits);
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

    // |value| rounded to an integer in the given direction (value's sign steers Up and Down);
    // false when the magnitude is 2^64 or more, which no conversion accepts.
    private static bool RoundToInteger(Float82 value, RoundingMode mode, out UInt128 magnitude, out bool inexact)
    {
        // value = significand × 2^(exponent − 0x1003E)
        int shift = Float82.IntegerExponent - value.Exponent;
        ulong significand = value.Significand;
        inexact = false;
        if (shift <= 0)
        {
            magnitude = significand;
            if (significand == 0)
            {
                return true;
            }
            if (-shift >= 64)
            {
                return false;
            }
            magnitude = (UInt128)significand << -shift;
            return magnitude <= ulong.MaxValue;
        }
        if (shift > 64)
        {
            // Below one half: only whether it is non-zero matters.
            inexact = significand != 0;
            magnitude = inexact && ExactRounding.RoundsAwayFromZero(value.Sign, mode) && mode != RoundingMode.ToNearest
                ? UInt128.One : UInt128.Zero;
            return true;
        }
        UInt128 wide = (UInt128)significand << 64;
        // UInt128 shift counts wrap at 128, so the all-fraction case (shift 64) keeps nothing explicitly.
        UInt128 kept = shift == 64 ? UInt128.Zero : wide >> (64 + shift);
        UInt128 remainder = shift == 64 ? wide : wide - (kept << (64 + shift));
        inexact = remainder != UInt128.Zero;
        magnitude = kept;
        if (!inexact)
        {
            return true;
        }
        UInt128 half = UInt128.One << (63 + shift);
        bool up = mode switch
        {
            RoundingMode.ToNearest => remainder > half || (remainder == half && (kept & UInt128.One) != UInt128.Zero),
            RoundingMode.Up => !value.Sign,
            RoundingMode.Down => value.Sign,
            _ => false,
        };
        magnitude = up ? kept + UInt128.One : kept;
        return true;
    }
}
