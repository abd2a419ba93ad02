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
        if (a.IsNaTVal || b.IsNaTVal || c.IsNaTVal)
        {
            return Float82.NaTVal;
        }
        bool hasAddend = (form & MultiplyAddForm.AddendIsF0) == 0;
        if (!hasAddend)
        {
            c = Float82.Zero;
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

        bool productSign = a.Sign ^ b.Sign ^ ((form & MultiplyAddForm.NegateProduct) != 0);
        bool addendSign = c.Sign ^ ((form & MultiplyAddForm.Subtract) != 0);

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
        UInt128 product = productZero ? 0 : (UInt128)a.Significand * b.Significand;
        UInt128 magnitude;
        long scale;
        bool sign;
        if (product == 0)
        {
            (sign, magnitude, scale) = (addendSign, c.Significand, addendScale);
        }
        else if (c.IsZero)
        {
            (sign, magnitude, scale) = (productSign, product, productScale);
        }
        else if (!WideSum.Add(productSign, product, productScale, addendSign, c.Significand, addendScale, out sign, out magnitude, out scale))
        {
            // An exact zero from opposite signs is +0, or −0 when rounding down (IEEE 754 §6.3).
            return new Float82(status.Rounding == RoundingMode.Down, 0, 0);
        }

        return ExactRounding.Round(sign, magnitude, scale, format, status, ref flags);
    }
}
