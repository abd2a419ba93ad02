using System.Numerics;
using Ivm.Emulator.FloatingPoint;
using Xunit;

namespace Ivm.Emulator.Tests.FloatingPoint;

/// <summary>
/// The allocation-free multiply-add (128- and 256-bit windows with a sticky bit) against a plain
/// BigInteger reference that keeps every bit of the exact sum and rounds it by exact division: random finite register operands (unnormals included) over every precision, rounding
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
            var (expected, expectedFlags) = Reference(a, b, c, form, precision, status);
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

    // The reference: exact rational arithmetic and one rounding, written for this test (it shares no
    // code with the emulator's rounding): finite operands with non-zero significands only.
    private static (Float82, FloatFlags) Reference(Float82 a, Float82 b, Float82 c, MultiplyAddForm form, PrecisionOverride completer, FloatStatus status)
    {
        var flags = a.IsUnnormal || b.IsUnnormal || c.IsUnnormal ? FloatFlags.Denormal : FloatFlags.None;
        bool productSign = a.Sign ^ b.Sign ^ ((form & MultiplyAddForm.NegateProduct) != 0);
        bool addendSign = c.Sign ^ ((form & MultiplyAddForm.Subtract) != 0);

        // Value = significand × 2^(exponent − bias − 63); bring both terms to the smaller scale.
        long productScale = (long)a.Exponent + b.Exponent - 2 * Float82.Bias - 126;
        long addendScale = (long)c.Exponent - Float82.Bias - 63;
        long scale = Math.Min(productScale, addendScale);
        var product = new BigInteger(a.Significand) * b.Significand << (int)(productScale - scale);
        var addend = new BigInteger(c.Significand) << (int)(addendScale - scale);
        var sum = (productSign ? -product : product) + (addendSign ? -addend : addend);
        if (sum.IsZero)
        {
            return (new Float82(status.Rounding == RoundingMode.Down, 0, 0), flags);
        }

        var (bits, exponentBits) = completer switch
        {
            PrecisionOverride.Single => (24, 8),
            PrecisionOverride.Double => (53, 11),
            _ => status.Precision switch { PrecisionControl.Single => (24, 8), PrecisionControl.Double => (53, 11), _ => (64, 15) },
        };
        if (status.WideRange)
        {
            exponentBits = 17;
        }

        int maxExponent = (1 << (exponentBits - 1)) - 1, minExponent = 1 - maxExponent;
        bool sign = sum.Sign < 0;
        var magnitude = BigInteger.Abs(sum);
        long top = scale + (long)magnitude.GetBitLength() - 1;

        var (unbounded, _) = RoundTo(sign, magnitude, scale, top - (bits - 1), status.Rounding);
        bool tiny = top + (unbounded.GetBitLength() > bits ? 1 : 0) < minExponent;
        if (tiny && status.FlushToZero)
        {
            return (new Float82(sign, 0, 0), flags | FloatFlags.Underflow | FloatFlags.Inexact);
        }

        long quantum = Math.Max(top, minExponent) - (bits - 1);
        var (kept, inexact) = RoundTo(sign, magnitude, scale, quantum, status.Rounding);
        if (kept.GetBitLength() > bits)
        {
            kept >>= 1;
            quantum++;
        }

        if (inexact)
        {
            flags |= FloatFlags.Inexact | (tiny ? FloatFlags.Underflow : 0);
        }

        if (kept.IsZero)
        {
            return (new Float82(sign, 0, 0), flags);
        }

        if (quantum + (long)kept.GetBitLength() - 1 > maxExponent)
        {
            bool toInfinity = status.Rounding switch
            {
                RoundingMode.ToNearest => true,
                RoundingMode.Up => !sign,
                RoundingMode.Down => sign,
                _ => false,
            };
            flags |= FloatFlags.Overflow | FloatFlags.Inexact;
            return (toInfinity
                ? new Float82(sign, Float82.SpecialExponent, 1UL << 63)
                : new Float82(sign, maxExponent + Float82.Bias, ulong.MaxValue << (64 - bits)), flags);
        }

        return (new Float82(sign, (int)(quantum + bits - 1 + Float82.Bias), (ulong)kept << (64 - bits)), flags);
    }

    // magnitude × 2^scale as a multiple of 2^quantum, rounded; and whether anything was lost.
    private static (BigInteger Kept, bool Inexact) RoundTo(bool sign, BigInteger magnitude, long scale, long quantum, RoundingMode mode)
    {
        long shift = quantum - scale;
        if (shift <= 0)
        {
            return (magnitude << (int)-shift, false);
        }

        var unit = BigInteger.One << (int)shift;
        var kept = BigInteger.DivRem(magnitude, unit, out var remainder);
        if (remainder.IsZero)
        {
            return (kept, false);
        }

        var twice = remainder * 2;
        bool up = mode switch
        {
            RoundingMode.ToNearest => twice > unit || (twice == unit && !kept.IsEven),
            RoundingMode.Up => !sign,
            RoundingMode.Down => sign,
            _ => false,
        };
        return (up ? kept + 1 : kept, true);
    }
}
