using System.Numerics;
using Ivm.Emulator.FloatingPoint;
using Xunit;

namespace Ivm.Emulator.Tests.FloatingPoint;

/// <summary>
/// The allocation-free multiply-add (256-bit window with a sticky bit) against a plain BigInteger
/// reference that keeps every bit of the exact sum and rounds it with the previous, BigInteger-based
/// rounding: random finite register operands (unnormals included) over every precision, rounding
/// mode, wre and ftz, with exponents far enough apart to exercise the sticky path and close enough
/// to cancel. Also checks that the core does not allocate.
/// </summary>
public sealed class WideAlignmentTests
{
    [Fact]
    public void MatchesTheExactBigIntegerReference()
    {
        var random = new Random(11);
        for (int n = 0; n < 200_000; n++)
        {
            var a = RandomValue(random);
            var b = RandomValue(random);
            var c = n % 3 == 0 ? new Float82(!a.Sign ^ b.Sign, a.Exponent + b.Exponent - Float82.Bias + random.Next(-2, 3), RandomSignificand(random)) : RandomValue(random);
            var form = (MultiplyAddForm)random.Next(3);
            var precision = (PrecisionOverride)random.Next(3);
            var status = new FloatStatus(random.Next(8) == 0, random.Next(2) == 0, (PrecisionControl)(random.Next(3) switch { 0 => 0, 1 => 2, _ => 3 }),
                (RoundingMode)random.Next(4), true, FloatFlags.None);
            var flags = FloatFlags.None;
            var actual = FloatArithmetic.MultiplyAdd(a, b, c, form, precision, status, ref flags);
            var expectedFlags = FloatFlags.None;
            var expected = Reference(a, b, c, form, precision, status, ref expectedFlags);
            Assert.True(expected == actual && expectedFlags == flags,
                $"{a} * {b} + {c} {form} {precision} {status}: expected {expected} {expectedFlags}, got {actual} {flags}");
        }
    }

    [Fact]
    public void MultiplyAddDoesNotAllocate()
    {
        var status = FloatStatus.Decode(FloatStatus.LinuxDefaultFpsr, 0);
        var a = Float82.FromDouble(0.1);
        var b = Float82.FromDouble(3.0);
        var c = Float82.FromDouble(-1e-30);
        var flags = FloatFlags.None;
        FloatArithmetic.MultiplyAdd(a, b, c, MultiplyAddForm.Add, PrecisionOverride.Double, status, ref flags);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 0; n < 1000; n++)
        {
            c = FloatArithmetic.MultiplyAdd(a, b, c, MultiplyAddForm.Add, PrecisionOverride.None, status, ref flags);
            FloatConversion.ToInteger(c, unsigned: false, truncate: false, status, ref flags);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static ulong RandomSignificand(Random random)
    {
        ulong significand = ((ulong)random.NextInt64() << 1) | (uint)random.Next(2);
        significand |= 1UL << 63;
        return random.Next(10) switch
        {
            0 => significand >> random.Next(1, 63),     // unnormal
            1 => 1UL << 63,                              // power of two
            2 => significand & ~((1UL << random.Next(1, 63)) - 1),  // short significand
            _ => significand,
        };
    }

    private static Float82 RandomValue(Random random)
    {
        int spread = random.Next(4) switch { 0 => 20, 1 => 200, 2 => 1200, _ => 20000 };
        return new Float82(random.Next(2) == 0, Float82.Bias + random.Next(-spread, spread), RandomSignificand(random));
    }

    // Finite operands with non-zero significands only.
    private static Float82 Reference(Float82 a, Float82 b, Float82 c, MultiplyAddForm form, PrecisionOverride completer, in FloatStatus status, ref FloatFlags flags)
    {
        if (a.IsUnnormal || b.IsUnnormal || c.IsUnnormal)
        {
            flags |= FloatFlags.Denormal;
        }
        bool productSign = a.Sign ^ b.Sign ^ ((form & MultiplyAddForm.NegateProduct) != 0);
        bool addendSign = c.Sign ^ ((form & MultiplyAddForm.Subtract) != 0);
        long productScale = (long)a.Exponent + b.Exponent - 2 * Float82.Bias - 126;
        long addendScale = (long)c.Exponent - Float82.Bias - 63;
        var product = (BigInteger)((UInt128)a.Significand * b.Significand);
        var addend = (BigInteger)c.Significand;
        long scale = Math.Min(productScale, addendScale);
        var sum = ((productSign ? -product : product) << (int)(productScale - scale)) + ((addendSign ? -addend : addend) << (int)(addendScale - scale));
        if (sum.IsZero)
        {
            return new Float82(status.Rounding == RoundingMode.Down, 0, 0);
        }
        return BigIntegerRounding.Round(sum.Sign < 0, BigInteger.Abs(sum), scale, ResultFormat.For(completer, status), status, ref flags);
    }

    // The rounding as it was before the 256-bit window (BigInteger throughout).
    private static class BigIntegerRounding
    {
        public static Float82 Round(bool sign, BigInteger magnitude, long scale, ResultFormat format, in FloatStatus status, ref FloatFlags flags)
        {
            int p = format.SignificandBits;
            long length = (long)magnitude.GetBitLength();
            long exponent = scale + length - 1;
    
            // Tininess is judged on the value rounded as if the exponent range were unbounded.
            var unbounded = RoundAt(sign, magnitude, scale, exponent - (p - 1), status.Rounding, out _);
            long unboundedExponent = exponent + (unbounded.GetBitLength() > p ? 1 : 0);
            bool tiny = unboundedExponent < format.MinExponent;
    
            if (tiny && status.FlushToZero)
            {
                flags |= FloatFlags.Underflow | FloatFlags.Inexact;
                return new Float82(sign, 0, 0);
            }
    
            long quantum = Math.Max(exponent, format.MinExponent) - (p - 1);
            var kept = RoundAt(sign, magnitude, scale, quantum, status.Rounding, out bool inexact);
            if (kept.GetBitLength() > p)
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
            if (kept.IsZero)
            {
                return new Float82(sign, 0, 0);
            }
    
            long resultExponent = quantum + (long)kept.GetBitLength() - 1;
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
    
        // magnitude × 2^scale rounded to an integer multiple of 2^quantum; returns the multiple.
        private static BigInteger RoundAt(bool sign, BigInteger magnitude, long scale, long quantum, RoundingMode mode, out bool inexact)
        {
            long shift = quantum - scale;
            if (shift <= 0)
            {
                inexact = false;
                return magnitude << (int)-shift;
            }
            BigInteger kept;
            BigInteger remainder;
            BigInteger half;
            if (shift > magnitude.GetBitLength() + 1)
            {
                // Far below the last kept bit: only "non-zero and less than half" matters.
                kept = BigInteger.Zero;
                remainder = BigInteger.One;
                half = BigInteger.One << 2;
            }
            else
            {
                kept = magnitude >> (int)shift;
                remainder = magnitude - (kept << (int)shift);
                half = BigInteger.One << (int)(shift - 1);
            }
            inexact = !remainder.IsZero;
            if (!inexact)
            {
                return kept;
            }
            bool up = mode switch
            {
                RoundingMode.ToNearest => remainder > half || (remainder == half && !kept.IsEven),
                RoundingMode.Up => !sign,
                RoundingMode.Down => sign,
                _ => false,
            };
            return up ? kept + 1 : kept;
        }
    }
}
