namespace Ivm.Emulator.FloatingPoint;

/// <summary>
/// The IA-64 floating-point arithmetic core: values in, value and IEEE flags out, with the result
/// a Linux program observes (where the processor would take a software-assist fault the kernel
/// completes the IEEE operation, so denormals are simply computed exactly).
/// </summary>
public static class FloatArithmetic
{
    /// <summary>
    /// fma/fms/fnma (and fadd, fsub, fmpy, fnmpy, fnorm, which are these with f1 or f0 operands):
    /// the exact a×b ± c rounded once to the format chosen by <paramref name="completer"/> and
    /// <paramref name="status"/>. In the instruction f1 = f3, f4, f2, <paramref name="a"/> is f3,
    /// <paramref name="b"/> is f4 and <paramref name="c"/> is f2. Flags raised are ORed into
    /// <paramref name="flags"/>; the caller accumulates them into ar.fpsr.
    /// </summary>
    public static Float82 MultiplyAdd(
        Float82 a, Float82 b, Float82 c, MultiplyAddForm form, PrecisionOverride completer,
        in FloatStatus status, ref FloatFlags flags)
    {
        bool hasAddend = (form & MultiplyAddForm.AddendIsF0) == 0;
        if (!hasAddend && c.IsNaTVal)
        {
            return Float82.NaTVal;
        }

        if (!hasAddend)
        {
            c = Float82.Zero;
        }

        bool productSign = a.Sign ^ b.Sign ^ ((form & MultiplyAddForm.NegateProduct) != 0);
        bool addendSign = c.Sign ^ ((form & MultiplyAddForm.Subtract) != 0);

        // The common case: finite operands with the integer bit set (no zero, unnormal, NaN,
        // infinity or NaTVal) need none of the special-case checks below.
        if (!(IsOrdinary(a) && IsOrdinary(b) && (!hasAddend || IsOrdinary(c))))
        {
            if (a.IsNaTVal || b.IsNaTVal || c.IsNaTVal)
            {
                return Float82.NaTVal;
            }

            if (a.IsUnsupported || b.IsUnsupported || c.IsUnsupported)
            {
                flags |= FloatFlags.Invalid;
                return Float82.QNaNIndefinite;
            }
            if (a.IsNaN || b.IsNaN || c.IsNaN)
            {
                if (a.IsSignalingNaN || b.IsSignalingNaN || c.IsSignalingNaN)
                {
                    flags |= FloatFlags.Invalid;
                }
                // The architecture's order of preference is f4, then f2, then f3; the NaN keeps its
                // sign whatever the form, and a signalling one is quietened.
                var nan = b.IsNaN ? b : c.IsNaN ? c : a;
                return nan.Quieted();
            }


            bool productInfinite = a.IsInfinity || b.IsInfinity;
            if (productInfinite && (a.IsZero || b.IsZero || (c.IsInfinity && addendSign != productSign)))
            {
                flags |= FloatFlags.Invalid;
                return Float82.QNaNIndefinite;
            }

            // Checked after the invalid cases but before infinite results, as the architecture does:
            // an unnormal operand flags D even when the other operand makes the result infinite.
            if (a.IsUnnormal || b.IsUnnormal || c.IsUnnormal)
            {
                flags |= FloatFlags.Denormal;
            }
            if (productInfinite)
            {
                return productSign ? Float82.NegativeInfinity : Float82.PositiveInfinity;
            }
            if (c.IsInfinity)
            {
                return addendSign ? Float82.NegativeInfinity : Float82.PositiveInfinity;
            }
        }

        var format = ResultFormat.For(completer, status);
        bool productZero = a.IsZero || b.IsZero;
        if (productZero && (c.IsZero || !hasAddend))
        {
            bool zeroSign = !hasAddend || productSign == addendSign
                ? productSign
                : status.Rounding == RoundingMode.Down;
            return new Float82(zeroSign, 0, 0);
        }

        // Value = significand × 2^(exponent − bias − 63) for every finite operand.
        long productScale = (long)a.Exponent + b.Exponent - 2 * Float82.Bias - 126;
        long addendScale = (long)c.Exponent - Float82.Bias - 63;
        UInt128 product = productZero ? UInt128.Zero : (UInt128)a.Significand * b.Significand;
        ulong addend = c.IsZero ? 0 : c.Significand;

        UInt128 narrow;
        long scale;
        bool negative, sticky = false;
        if (product == UInt128.Zero)
        {
            (narrow, scale, negative) = (addend, addendScale, addendSign);
        }
        else if (addend == 0)
        {
            (narrow, scale, negative) = (product, productScale, productSign);
        }
        else if (!NarrowSum(productSign, product, productScale, addendSign, addend, addendScale, out narrow, out scale, out negative, out sticky))
        {
            (var wide, scale, negative, sticky) = AlignedSum(productSign, product, productScale, addendSign, addend, addendScale);
            return wide.IsZero && !sticky
                ? new Float82(status.Rounding == RoundingMode.Down, 0, 0)
                : ExactRounding.Round(negative, wide, sticky, scale, format, status, ref flags);
        }

        if (ExactRounding.TryRoundNormal(negative, narrow, sticky, scale, format, status.Rounding, ref flags, out var rounded))
        {
            return rounded;
        }
        var sum = new UInt256(narrow);

        if (sum.IsZero && !sticky)
        {
            // An exact zero from opposite signs is +0, or −0 when rounding down (IEEE 754 §6.3).
            return new Float82(status.Rounding == RoundingMode.Down, 0, 0);
        }
        return ExactRounding.Round(negative, sum, sticky, scale, format, status, ref flags);
    }

    private static bool IsOrdinary(Float82 x) => (x.Significand & Float82.IntegerBit) != 0 && x.Exponent != Float82.SpecialExponent;

    // The common case in 128 bits: both terms normalised to a 128-bit window topped by the larger
    // one, the smaller shifted in with its lost bits as a sticky bit. The result keeps at least 126
    // significant bits above that sticky bit, so rounding to at most 64 bits sees the exact value's
    // direction. Declines (false) for a difference of terms within a factor of 4, where
    // cancellation could bring a lost bit within reach of the rounding; AlignedSum handles that.
    private static bool NarrowSum(bool productSign, UInt128 product, long productScale, bool addendSign, ulong addend, long addendScale,
        out UInt128 sum, out long scale, out bool negative, out bool sticky)
    {
        int productZeros = (int)UInt128.LeadingZeroCount(product);
        int addendZeros = System.Numerics.BitOperations.LeadingZeroCount(addend);
        var p = product << productZeros;
        var c = (UInt128)(addend << addendZeros) << 64;
        long productTop = productScale + 127 - productZeros, addendTop = addendScale + 63 - addendZeros;
        bool productLarger = productTop >= addendTop;
        long distance = productLarger ? productTop - addendTop : addendTop - productTop;
        if (productSign != addendSign && distance < 2)
        {
            (sum, scale, negative, sticky) = (UInt128.Zero, 0, false, false);
            return false;
        }

        var (large, small) = productLarger ? (p, c) : (c, p);
        bool lost;
        if (distance >= 128)
        {
            lost = small != UInt128.Zero;
            small = UInt128.Zero;
        }
        else if (distance > 0)
        {
            lost = (small << (int)(128 - distance)) != UInt128.Zero;
            small >>= (int)distance;
        }
        else
        {
            lost = false;
        }

        scale = (productLarger ? productTop : addendTop) - 127;
        negative = productLarger ? productSign : addendSign;
        if (productSign == addendSign)
        {
            sum = large + small;
            if (sum < large)
            {
                // Carry out of the window: one more bit on top, the lowest joins the sticky bit.
                lost |= (sum & UInt128.One) != UInt128.Zero;
                sum = (sum >> 1) | (UInt128.One << 127);
                scale++;
            }
        }
        else
        {
            // large − (small + ε) with 0 < ε < 1 unit is (large − small − 1) + (1 − ε).
            sum = large - small - (lost ? UInt128.One : UInt128.Zero);
        }

        sticky = lost;
        return true;
    }

    // The window keeps every bit within WindowBits of the larger operand's top. The product has at
    // most 128 bits and the addend 64, so the operand with the higher top always fits whole; bits
    // of the other that fall below the window only decide the direction of rounding and become a
    // sticky bit, which no rounding to at most 64 bits can tell from the exact value.
    private const int WindowBits = 200;

    private static (UInt256 Sum, long Scale, bool Negative, bool Sticky) AlignedSum(
        bool productSign, UInt128 product, long productScale, bool addendSign, ulong addend, long addendScale)
    {
        long productTop = productScale + 128 - (long)UInt128.LeadingZeroCount(product);
        long addendTop = addendScale + 64 - System.Numerics.BitOperations.LeadingZeroCount(addend);
        long scale = Math.Max(Math.Min(productScale, addendScale), Math.Max(productTop, addendTop) - WindowBits);
        var x = Place(new UInt256(product), productScale - scale, out bool productLost);
        var y = Place(new UInt256(addend), addendScale - scale, out bool addendLost);
        bool sticky = productLost || addendLost;
        if (productSign == addendSign)
        {
            return (UInt256.Add(x, y), scale, productSign, sticky);
        }

        if (sticky)
        {
            // The whole operand is the larger by far: big − (small + ε) = (big − small − 1) + (1 − ε).
            return productLost
                ? (UInt256.Subtract(y, x, 1), scale, addendSign, true)
                : (UInt256.Subtract(x, y, 1), scale, productSign, true);
        }

        int order = UInt256.Compare(x, y);
        return order >= 0
            ? (UInt256.Subtract(x, y), scale, productSign, false)
            : (UInt256.Subtract(y, x), scale, addendSign, false);
    }

    private static UInt256 Place(in UInt256 value, long shift, out bool lost)
    {
        if (shift >= 0)
        {
            lost = false;
            return value.ShiftLeft((int)shift);
        }
        return value.ShiftRight((int)Math.Min(-shift, 256), out lost);
    }
}
