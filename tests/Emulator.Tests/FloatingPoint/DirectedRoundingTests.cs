using Ivm.Emulator.FloatingPoint;
using Xunit;

namespace Ivm.Emulator.Tests.FloatingPoint;

/// <summary>
/// Every rounding mode, with the flags, against the exact dyadic reference; round-to-nearest here
/// also cross-checks the reference itself against the host fma.
/// </summary>
public sealed class DirectedRoundingTests
{
    private const int CasesPerMode = 60_000;

    [Theory]
    [InlineData(RoundingMode.ToNearest)]
    [InlineData(RoundingMode.Down)]
    [InlineData(RoundingMode.Up)]
    [InlineData(RoundingMode.TowardZero)]
    public void DoubleResultsAndFlagsMatchExactReference(RoundingMode mode)
    {
        var status = FloatStatus.Decode(FloatStatus.LinuxDefaultFpsr, 0) with { Rounding = mode };
        var operands = new RandomOperands(100 + (int)mode, includeNaN: false);
        int checkedCases = 0;
        while (checkedCases < CasesPerMode)
        {
            var (a, b, c) = operands.NextDoubles();
            if (!double.IsFinite(a) || !double.IsFinite(b) || !double.IsFinite(c))
            {
                continue;
            }
            checkedCases++;
            var (expected, expectedFlags) = DyadicDoubleReference.Fma(a, b, c, mode);
            if (mode == RoundingMode.ToNearest)
            {
                Assert.Equal(BitConverter.DoubleToUInt64Bits(Math.FusedMultiplyAdd(a, b, c)), BitConverter.DoubleToUInt64Bits(expected));
            }
            var flags = FloatFlags.None;
            var actual = FloatArithmetic.MultiplyAdd(
                Float82.FromDouble(a), Float82.FromDouble(b), Float82.FromDouble(c),
                MultiplyAddForm.Add, PrecisionOverride.Double, status, ref flags).ToDouble();
            Assert.True(
                BitConverter.DoubleToUInt64Bits(expected) == BitConverter.DoubleToUInt64Bits(actual),
                $"{mode} fma({a:R}, {b:R}, {c:R}) = {actual:R}, expected {expected:R}");
            Assert.True(expectedFlags == flags, $"{mode} fma({a:R}, {b:R}, {c:R}) flags {flags}, expected {expectedFlags}");
        }
    }
}
