using System.Numerics;
using Ivm.Emulator.FloatingPoint;
using Xunit;

namespace Ivm.Emulator.Tests.FloatingPoint;

/// <summary>
/// The allocation-free multiply-add (128-bit product, 256-bit window with a sticky bit, 128-bit
/// rounding) against an exact reference written here with BigInteger: the full a×b ± c with no
/// sticky shortcut, rounded by comparing remainders with exact halves. Operands are finite and
/// non-zero 82-bit values of every kind — unnormals, denormal results, cancellation, ties, addends far
/// below or above the product — in each precision, range and rounding mode.
/// </summary>
public sealed class WideSumTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void MatchesTheExactReference(int seed)
    {
        var random = new Random(seed);
        int checkedCount = 0;
        for (int n = 0; n < 60_000; n++)
        {
            var a = Operand(random, 0);
            var b = Operand(random, 0);
            long productExponent = (long)a.Exponent + b.Exponent - Float82.Bias;
            var c = random.Next(4) == 0
                ? NearCancellation(random, a, b)
                : Operand(random, (int)Math.Clamp(productExponent + random.Next(-200, 200), 1, 0x1FFFE));
            var form = (MultiplyAddForm)random.Next(4);
            var completer = (PrecisionOverride)random.Next(3);
            var status = new FloatStatus(random.Next(8) == 0, random.Next(3) == 0, (PrecisionControl)random.Next(4),
                (RoundingMode)random.Next(4), true, FloatFlags.None);

            var flags = FloatFlags.None;
            var actual = FloatArithmetic.MultiplyAdd(a, b, c, form, completer, status, ref flags);
            var (expected, expectedFlags) = Reference(a, b, c, form, completer, status);
            Assert.True(expected == actual && expectedFlags == flags,
                $"seed {seed} case {n}: {a} * {b} + {c} form {form} {completer} {status}: expected {expected} {expectedFlags}, got {actual} {flags}");
            checkedCount++;
        }

        Assert.Equal(60_000, checkedCount);
    }

    // A finite non-zero operand; unnormal a quarter of the time. exponent 0 picks one at random.
    private static Float82 Operand(Random random, int exponent)
    {
        ulong significand = (ulong)random.NextInt64() | (random.Next(4) == 0 ? 0 : 1UL << 63);
        if (random.Next(3) == 0)
        {
            significand &= ~0UL << random.Next(64); // few significant bits: exact results and ties
        }

        if (significand == 0)
        {
            significand = 1UL << 63;
        }

        if (exponent == 0)
        {
            exponent = random.Next(6) switch
            {
                0 => random.Next(1, 0x40),                               // bottom of the 17-bit range
                1 => random.Next(0x1FFC0, 0x1FFFF),                      // top of the 17-bit range
                2 => Float82.Bias + random.Next(-16400, -16300),         // where extended results turn denormal
                3 => Float82.Bias + random.Next(-1100, -1000),           // where double results turn denormal
                _ => Float82.Bias + random.Next(-300, 300),
            };
        }

        return new Float82(random.Next(2) == 0, exponent, significand);
    }

    // An addend equal to ±a×b's leading 64 bits (perturbed), so the sum cancels most of them.
    private static Float82 NearCancellation(Random random, Float82 a, Float82 b)
    {
        var product = (UInt128)a.Significand * b.Significand;
        int lead = 128 - (int)UInt128.LeadingZeroCount(product);
        ulong top = (ulong)(product >> Math.Max(0, lead - 64)) ^ (ulong)random.Next(4);
        long exponent = (long)a.Exponent + b.Exponent - Float82.Bias + (lead - 127) + (64 - Math.Min(64, lead)) * 0;
        return new Float82(random.Next(2) == 0, (int)Math.Clamp(exponent, 1, 0x1FFFE), top == 0 ? 1 : top);
    }

    // ---- The reference: exact rational arithmetic, one rounding. ----

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
