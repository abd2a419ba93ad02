using Ivm.Emulator.FloatingPoint;
using Xunit;

namespace Ivm.Emulator.Tests.FloatingPoint;

/// <summary>fcvt.fx/fxu against .NET's own rounding of doubles, and fcvt.xf round trips.</summary>
public sealed class FloatConversionTests
{
    private const double TwoTo63 = 9223372036854775808.0;
    private const double TwoTo64 = 18446744073709551616.0;

    [Theory]
    [InlineData(RoundingMode.ToNearest)]
    [InlineData(RoundingMode.Down)]
    [InlineData(RoundingMode.Up)]
    [InlineData(RoundingMode.TowardZero)]
    public void RoundsLikeTheHostForEveryMode(RoundingMode mode)
    {
        var status = FloatStatus.Decode(FloatStatus.LinuxDefaultFpsr, 0) with { Rounding = mode };
        var random = new Random(20 + (int)mode);
        for (int i = 0; i < 100_000; i++)
        {
            // Exponents from 2^-3 to 2^66 cover fractions, ties, and both range limits.
            double value = Math.ScaleB(random.NextDouble() + 0.5, random.Next(-3, 66)) * (random.Next(2) == 0 ? -1 : 1);
            if (i % 5 == 0)
            {
                value = Math.Round(value * 2) / 2; // exact halves
            }
            double rounded = mode switch
            {
                RoundingMode.ToNearest => Math.Round(value, MidpointRounding.ToEven),
                RoundingMode.Down => Math.Floor(value),
                RoundingMode.Up => Math.Ceiling(value),
                _ => Math.Truncate(value),
            };
            var inexact = rounded != value ? FloatFlags.Inexact : FloatFlags.None;

            var flags = FloatFlags.None;
            var signed = FloatConversion.ToInteger(Float82.FromDouble(value), unsigned: false, truncate: false, status, ref flags);
            if (rounded >= TwoTo63 || rounded < -TwoTo63)
            {
                Assert.Equal((FloatConversion.IntegerIndefinite, FloatFlags.Invalid), (signed, flags));
            }
            else
            {
                Assert.Equal((Float82.FromInteger(unchecked((ulong)(long)rounded)), inexact), (signed, flags));
            }

            flags = FloatFlags.None;
            var unsigned = FloatConversion.ToInteger(Float82.FromDouble(value), unsigned: true, truncate: false, status, ref flags);
            if (rounded >= TwoTo64 || rounded < 0)
            {
                Assert.Equal((FloatConversion.IntegerIndefinite, FloatFlags.Invalid), (unsigned, flags));
            }
            else
            {
                Assert.Equal((Float82.FromInteger((ulong)rounded), inexact), (unsigned, flags));
            }
        }
    }

    [Fact]
    public void TruncateIgnoresTheRoundingMode()
    {
        var status = FloatStatus.Decode(FloatStatus.LinuxDefaultFpsr, 0) with { Rounding = RoundingMode.Up };
        var flags = FloatFlags.None;
        Assert.Equal(Float82.FromInteger(2), FloatConversion.ToInteger(Float82.FromDouble(2.9), false, true, status, ref flags));
        Assert.Equal(Float82.FromInteger(unchecked((ulong)-2L)), FloatConversion.ToInteger(Float82.FromDouble(-2.9), false, true, status, ref flags));
        Assert.Equal(FloatFlags.Inexact, flags);
    }

    [Fact]
    public void NaNsAndInfinitiesAreInvalid()
    {
        var status = FloatStatus.Decode(FloatStatus.LinuxDefaultFpsr, 0);
        foreach (var value in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            var flags = FloatFlags.None;
            Assert.Equal(FloatConversion.IntegerIndefinite, FloatConversion.ToInteger(Float82.FromDouble(value), false, false, status, ref flags));
            Assert.Equal(FloatFlags.Invalid, flags);
        }
        var none = FloatFlags.None;
        Assert.Equal(Float82.NaTVal, FloatConversion.ToInteger(Float82.NaTVal, false, false, status, ref none));
    }

    [Fact]
    public void FcvtXfIsExactAndNormalised()
    {
        Assert.Equal(new Float82(true, 0xFFFF, 1UL << 63), FloatConversion.FromSignedInteger(Float82.FromInteger(unchecked((ulong)-1L))));
        Assert.Equal(new Float82(true, 0x1003E, 1UL << 63), FloatConversion.FromSignedInteger(Float82.FromInteger(1UL << 63)));
        Assert.Equal(Float82.Zero, FloatConversion.FromSignedInteger(Float82.FromInteger(0)));
        Assert.Equal(new Float82(false, 0xFFFF + 62, 0xFFFFFFFFFFFFFFFE), FloatConversion.FromSignedInteger(Float82.FromInteger(long.MaxValue)));

        var status = FloatStatus.Decode(FloatStatus.LinuxDefaultFpsr, 0);
        var random = new Random(30);
        for (int i = 0; i < 100_000; i++)
        {
            long integer = random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(64);
            var flags = FloatFlags.None;
            var back = FloatConversion.ToInteger(FloatConversion.FromSignedInteger(Float82.FromInteger((ulong)integer)), false, false, status, ref flags);
            Assert.Equal((ulong)integer, back.ToInteger());
            Assert.Equal(FloatFlags.None, flags);
        }
    }
}
