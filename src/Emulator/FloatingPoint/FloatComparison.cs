namespace Ivm.Emulator.FloatingPoint;

/// <summary>The fcmp relations; the other comparisons are these with operands or predicates swapped.</summary>
public enum FloatRelation
{
    /// <summary>fcmp.eq: equal (quiet: only a signalling NaN is invalid).</summary>
    Equal,
    /// <summary>fcmp.lt: less than (signalling: any NaN is invalid).</summary>
    LessThan,
    /// <summary>fcmp.le: less than or equal (signalling).</summary>
    LessOrEqual,
    /// <summary>fcmp.unord: unordered (quiet).</summary>
    Unordered,
}

/// <summary>fcmp, fclass.m and the fmin/fmax/famin/famax selections.</summary>
public static class FloatComparison
{
    /// <summary>
    /// fcmp: whether <paramref name="a"/> (f2) relates to <paramref name="b"/> (f3). NaTVal
    /// operands are the caller's business (both predicates are cleared), so they are not handled here.
    /// </summary>
    public static bool Compare(Float82 a, Float82 b, FloatRelation relation, ref FloatFlags flags)
    {
        bool unordered = IsNaNOrUnsupported(a) || IsNaNOrUnsupported(b);
        if (unordered)
        {
            bool signalling = relation is FloatRelation.LessThan or FloatRelation.LessOrEqual
                || a.IsSignalingNaN || b.IsSignalingNaN || a.IsUnsupported || b.IsUnsupported;
            if (signalling)
            {
                flags |= FloatFlags.Invalid;
            }
            return relation == FloatRelation.Unordered;
        }
        if (a.IsUnnormal || b.IsUnnormal)
        {
            flags |= FloatFlags.Denormal;
        }
        int order = CompareValues(a, b);
        return relation switch
        {
            FloatRelation.Equal => order == 0,
            FloatRelation.LessThan => order < 0,
            FloatRelation.LessOrEqual => order <= 0,
            _ => false,
        };
    }

    /// <summary>
    /// fmin (<paramref name="magnitude"/> false) or famin (true): <paramref name="a"/> (f2) when it
    /// is strictly smaller, otherwise <paramref name="b"/> (f3) — so a NaN in either, or equal
    /// values such as −0 and +0, give f3. The chosen register is copied unchanged.
    /// </summary>
    public static Float82 Min(Float82 a, Float82 b, bool magnitude, ref FloatFlags flags)
        => Select(a, b, magnitude, wantLess: true, ref flags);

    /// <summary>fmax / famax: <paramref name="a"/> when strictly greater, otherwise <paramref name="b"/>.</summary>
    public static Float82 Max(Float82 a, Float82 b, bool magnitude, ref FloatFlags flags)
        => Select(a, b, magnitude, wantLess: false, ref flags);

    /// <summary>
    /// fclass.m: whether <paramref name="value"/> is in the class <paramref name="fclass9"/> names:
    /// (a sign bit 0-1 and one of zero, unnormal, normal, infinity in bits 2-5) or a NaN kind in
    /// bits 6-7 (signalling, quiet) whatever its sign, or NaTVal with bit 8.
    /// </summary>
    public static bool Classify(Float82 value, int fclass9)
    {
        if (value.IsNaTVal)
        {
            return (fclass9 & 0x100) != 0;
        }
        bool signMatches = (fclass9 & (value.Sign ? 2 : 1)) != 0;
        bool kindMatches =
            ((fclass9 & 0x04) != 0 && value.IsZero)
            || ((fclass9 & 0x08) != 0 && value.IsUnnormal)
            || ((fclass9 & 0x10) != 0 && IsNormal(value))
            || ((fclass9 & 0x20) != 0 && value.IsInfinity);
        bool nanMatches =
            ((fclass9 & 0x40) != 0 && value.IsSignalingNaN)
            || ((fclass9 & 0x80) != 0 && value.IsNaN && !value.IsSignalingNaN);
        return (signMatches && kindMatches) || nanMatches;
    }

    private static Float82 Select(Float82 a, Float82 b, bool magnitude, bool wantLess, ref FloatFlags flags)
    {
        if (a.IsNaTVal || b.IsNaTVal)
        {
            return Float82.NaTVal;
        }
        if (IsNaNOrUnsupported(a) || IsNaNOrUnsupported(b))
        {
            flags |= FloatFlags.Invalid;
            return b;
        }
        if (a.IsUnnormal || b.IsUnnormal)
        {
            flags |= FloatFlags.Denormal;
        }
        var x = magnitude ? new Float82(false, a.Exponent, a.Significand) : a;
        var y = magnitude ? new Float82(false, b.Exponent, b.Significand) : b;
        int order = CompareValues(x, y);
        return (wantLess ? order < 0 : order > 0) ? a : b;
    }

    private static bool IsNaNOrUnsupported(Float82 value) => value.IsNaN || value.IsUnsupported;

    private static bool IsNormal(Float82 value)
        => value.Exponent != Float82.SpecialExponent && (value.Significand & Float82.IntegerBit) != 0;

    // Orders two ordered values (finite or infinite, any normalisation); zeros of either sign are equal.
    private static int CompareValues(Float82 a, Float82 b)
    {
        bool aZero = a.IsZero, bZero = b.IsZero;
        if (aZero && bZero)
        {
            return 0;
        }
        int aSign = aZero ? 0 : a.Sign ? -1 : 1;
        int bSign = bZero ? 0 : b.Sign ? -1 : 1;
        if (aSign != bSign)
        {
            return aSign.CompareTo(bSign);
        }
        int byMagnitude = CompareMagnitudes(a, b);
        return aSign < 0 ? -byMagnitude : byMagnitude;
    }

    private static int CompareMagnitudes(Float82 a, Float82 b)
    {
        if (a.IsInfinity || b.IsInfinity)
        {
            return a.IsInfinity.CompareTo(b.IsInfinity);
        }
        // Normalise so that exponent order is value order.
        int aShift = System.Numerics.BitOperations.LeadingZeroCount(a.Significand);
        int bShift = System.Numerics.BitOperations.LeadingZeroCount(b.Significand);
        long aExponent = (long)a.Exponent - aShift;
        long bExponent = (long)b.Exponent - bShift;
        if (aExponent != bExponent)
        {
            return aExponent.CompareTo(bExponent);
        }
        return (a.Significand << aShift).CompareTo(b.Significand << bShift);
    }
}
