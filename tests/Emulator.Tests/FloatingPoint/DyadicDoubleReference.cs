using System.Numerics;
using Ivm.Emulator.FloatingPoint;

namespace Ivm.Emulator.Tests.FloatingPoint;

/// <summary>
/// An independent IEEE double fma for finite operands: every finite double is an integer multiple
/// of 2^-1074, so a×b + c is exactly N × 2^-2148 for an integer N, which is then rounded by
/// brute comparison with the two neighbouring doubles' grid. Shares nothing with the emulator.
/// </summary>
internal static class DyadicDoubleReference
{
    private const int ProductShift = 2148;

    public static (double Result, FloatFlags Flags) Fma(double a, double b, double c, RoundingMode mode)
    {
        var exact = Units(a) * Units(b) + (Units(c) << 1074);
        var flags = IsDenormal(a) || IsDenormal(b) || IsDenormal(c) ? FloatFlags.Denormal : FloatFlags.None;
        if (exact.IsZero)
        {
            bool productNegative = double.IsNegative(a) ^ double.IsNegative(b);
            bool zeroProduct = a == 0 || b == 0;
            bool negative = zeroProduct && c == 0 && productNegative == double.IsNegative(c)
                ? productNegative
                : mode == RoundingMode.Down;
            return (negative ? -0.0 : 0.0, flags);
        }
        bool sign = exact.Sign < 0;
        var n = BigInteger.Abs(exact);
        long top = (long)n.GetBitLength() - 1 - ProductShift; // n is in [2^top, 2^(top+1)) units of 1

        // Unbounded exponent rounding decides tininess (after rounding) and overflow.
        var (unboundedUnits, _) = RoundToGrid(n, top - 52, sign, mode);
        long unboundedTop = top + (unboundedUnits.GetBitLength() > 53 ? 1 : 0);

        long quantum = Math.Max(top, -1022) - 52;
        var (units, inexact) = RoundToGrid(n, quantum, sign, mode);
        if (inexact)
        {
            flags |= FloatFlags.Inexact;
            if (unboundedTop < -1022)
            {
                flags |= FloatFlags.Underflow;
            }
        }
        double magnitude;
        if (unboundedTop > 1023)
        {
            flags |= FloatFlags.Overflow | FloatFlags.Inexact;
            bool toInfinity = mode == RoundingMode.ToNearest || (mode == RoundingMode.Up && !sign) || (mode == RoundingMode.Down && sign);
            magnitude = toInfinity ? double.PositiveInfinity : double.MaxValue;
        }
        else
        {
            magnitude = Math.ScaleB((double)units, (int)quantum);
        }
        return (sign ? -magnitude : magnitude, flags);
    }

    private static bool IsDenormal(double x) => x != 0 && !double.IsNormal(x) && double.IsFinite(x);

    // x as an integer count of 2^-1074.
    private static BigInteger Units(double x)
    {
        ulong bits = BitConverter.DoubleToUInt64Bits(x);
        int exponent = (int)((bits >> 52) & 0x7FF);
        ulong fraction = bits & 0xFFFFFFFFFFFFFUL;
        BigInteger m = exponent == 0 ? fraction : fraction | (1UL << 52);
        var units = m << Math.Max(exponent - 1, 0);
        return (bits >> 63) != 0 ? -units : units;
    }

    // n × 2^-2148 rounded to a multiple of 2^quantum; returns the multiple.
    private static (BigInteger Units, bool Inexact) RoundToGrid(BigInteger n, long quantum, bool sign, RoundingMode mode)
    {
        var step = BigInteger.Pow(2, (int)(quantum + ProductShift));
        var below = BigInteger.Divide(n, step);
        var rest = n - below * step;
        if (rest.IsZero)
        {
            return (below, false);
        }
        int versusHalf = (rest * 2).CompareTo(step);
        bool up = mode switch
        {
            RoundingMode.ToNearest => versusHalf > 0 || (versusHalf == 0 && (below % 2) == 1),
            RoundingMode.Up => !sign,
            RoundingMode.Down => sign,
            _ => false,
        };
        return (up ? below + 1 : below, true);
    }
}
