using System.Numerics;

namespace Ivm.Emulator.FloatingPoint;

/// <summary>
/// The exact sum of a product (up to 128 significant bits) and an addend (up to 64), reduced to 128
/// bits with a sticky ("jam") bit, without allocating. Both operands are placed in a 256-bit window
/// whose top holds the larger one; bits of the smaller that fall below the window are ORed into the
/// lowest bit. Any rounding to at most 64 bits happens more than 60 bits above that lowest bit, so the
/// jammed value rounds exactly as the exact one (the argument of SoftFloat's shift-right-jam: the
/// tail is non-zero and below every rounding position, so only "inexact" and the direction remain).
/// </summary>
internal static class WideSum
{
    // The larger operand's top bit sits here, leaving room for the carry of an addition.
    private const int TopBit = 253;

    /// <summary>
    /// (xSign, x × 2^xScale) + (ySign, y × 2^yScale) for non-zero x and y. Returns false when the sum
    /// is exactly zero; otherwise the sign and magnitude × 2^scale, the magnitude jammed to 128 bits.
    /// </summary>
    public static bool Add(bool xSign, UInt128 x, long xScale, bool ySign, UInt128 y, long yScale,
        out bool sign, out UInt128 magnitude, out long scale)
    {
        long xTop = xScale + BitLength(x) - 1, yTop = yScale + BitLength(y) - 1;
        long windowScale = Math.Max(xTop, yTop) - TopBit;
        var a = Place(x, xScale - windowScale);
        var b = Place(y, yScale - windowScale);

        U256 sum;
        if (xSign == ySign)
        {
            sum = a.Plus(b);
            sign = xSign;
        }
        else
        {
            int order = a.CompareTo(b);
            if (order == 0)
            {
                sign = false;
                magnitude = 0;
                scale = 0;
                return false;
            }

            sum = order > 0 ? a.Minus(b) : b.Minus(a);
            sign = order > 0 ? xSign : ySign;
        }

        int length = sum.BitLength;
        if (length <= 128)
        {
            magnitude = sum.Low;
            scale = windowScale;
        }
        else
        {
            magnitude = sum.ShiftRightJam(length - 128).Low;
            scale = windowScale + (length - 128);
        }

        return true;
    }

    private static int BitLength(UInt128 value) => 128 - (int)UInt128.LeadingZeroCount(value);

    // value × 2^shift in the window (shift may be negative: the bits below go into the jam bit).
    private static U256 Place(UInt128 value, long shift) =>
        shift >= 0 ? new U256(0, value).ShiftLeft((int)shift) : new U256(0, value).ShiftRightJam(shift < -256 ? 257 : (int)-shift);

    /// <summary>A 256-bit unsigned integer as two 128-bit halves.</summary>
    private readonly record struct U256(UInt128 High, UInt128 Low)
    {
        public int BitLength => High != 0 ? 256 - (int)UInt128.LeadingZeroCount(High) : 128 - (int)UInt128.LeadingZeroCount(Low);

        public U256 ShiftLeft(int n) => n switch
        {
            0 => this,
            < 128 => new((High << n) | (Low >> (128 - n)), Low << n),
            < 256 => new(Low << (n - 128), 0),
            _ => new(0, 0),
        };

        // Shifts right, ORing every bit shifted out into bit 0 of the result.
        public U256 ShiftRightJam(int n)
        {
            if (n == 0)
            {
                return this;
            }

            if (n >= 256)
            {
                return new(0, (High | Low) != 0 ? UInt128.One : 0);
            }

            U256 kept;
            bool lost;
            if (n < 128)
            {
                kept = new(High >> n, (Low >> n) | (High << (128 - n)));
                lost = (Low << (128 - n)) != 0;
            }
            else
            {
                kept = new(0, High >> (n - 128));
                lost = Low != 0 || (n > 128 && (High << (256 - n)) != 0);
            }

            return lost ? new(kept.High, kept.Low | 1) : kept;
        }

        public U256 Plus(U256 other)
        {
            var low = Low + other.Low;
            return new(High + other.High + (low < Low ? UInt128.One : 0), low);
        }

        public U256 Minus(U256 other)
        {
            var low = Low - other.Low;
            return new(High - other.High - (Low < other.Low ? UInt128.One : 0), low);
        }

        public int CompareTo(U256 other) =>
            High != other.High ? High.CompareTo(other.High) : Low.CompareTo(other.Low);
    }
}
