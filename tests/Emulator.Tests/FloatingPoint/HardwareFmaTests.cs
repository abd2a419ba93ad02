using Ivm.Emulator.FloatingPoint;
using Xunit;

namespace Ivm.Emulator.Tests.FloatingPoint;

/// <summary>
/// Round-to-nearest results against the host's IEEE fused multiply-add, which is the same
/// single rounding an Itanium performs for .d and .s (or pc double/single without wre).
/// </summary>
public sealed class HardwareFmaTests
{
    private const int Cases = 300_000;

    private static readonly FloatStatus ExtendedNearest = FloatStatus.Decode(FloatStatus.LinuxDefaultFpsr, 0);

    [Fact]
    public void DoubleCompleterMatchesMathFusedMultiplyAdd()
    {
        var operands = new RandomOperands(1, includeNaN: true);
        for (int i = 0; i < Cases; i++)
        {
            var (a, b, c) = operands.NextDoubles();
            AssertDouble(a, b, c, PrecisionOverride.Double, ExtendedNearest);
        }
    }

    [Fact]
    public void DoublePrecisionControlMatchesMathFusedMultiplyAdd()
    {
        var status = ExtendedNearest with { Precision = PrecisionControl.Double };
        var operands = new RandomOperands(2, includeNaN: false);
        for (int i = 0; i < Cases; i++)
        {
            var (a, b, c) = operands.NextDoubles();
            AssertDouble(a, b, c, PrecisionOverride.None, status);
        }
    }

    [Fact]
    public void SingleCompleterMatchesMathFFusedMultiplyAdd()
    {
        var operands = new RandomOperands(3, includeNaN: true);
        for (int i = 0; i < Cases; i++)
        {
            var (a, b, c) = operands.NextSingles();
            var expected = MathF.FusedMultiplyAdd(a, b, c);
            var flags = FloatFlags.None;
            var actual = FloatArithmetic.MultiplyAdd(
                Float82.FromSingle(a), Float82.FromSingle(b), Float82.FromSingle(c),
                MultiplyAddForm.Add, PrecisionOverride.Single, ExtendedNearest, ref flags).ToSingle();
            if (float.IsNaN(expected))
            {
                Assert.True(float.IsNaN(actual), $"fma({a:R}, {b:R}, {c:R}) = {actual:R}, expected NaN");
            }
            else
            {
                Assert.True(
                    BitConverter.SingleToUInt32Bits(expected) == BitConverter.SingleToUInt32Bits(actual),
                    $"fma({a:R}, {b:R}, {c:R}) = {actual:R}, expected {expected:R}");
            }
        }
    }

    [Fact]
    public void FmsAndFnmaMatchNegatedOperands()
    {
        var operands = new RandomOperands(4, includeNaN: false);
        for (int i = 0; i < Cases / 3; i++)
        {
            var (a, b, c) = operands.NextDoubles();
            var flags = FloatFlags.None;
            var fms = FloatArithmetic.MultiplyAdd(
                Float82.FromDouble(a), Float82.FromDouble(b), Float82.FromDouble(c),
                MultiplyAddForm.Subtract, PrecisionOverride.Double, ExtendedNearest, ref flags).ToDouble();
            var fnma = FloatArithmetic.MultiplyAdd(
                Float82.FromDouble(a), Float82.FromDouble(b), Float82.FromDouble(c),
                MultiplyAddForm.NegateProduct, PrecisionOverride.Double, ExtendedNearest, ref flags).ToDouble();
            AssertSameDouble(Math.FusedMultiplyAdd(a, b, -c), fms, a, b, c);
            AssertSameDouble(Math.FusedMultiplyAdd(-a, b, c), fnma, a, b, c);
        }
    }

    /// <summary>The random operands must actually reach the hard cases, or the comparisons prove little.</summary>
    [Fact]
    public void RandomOperandsReachTheCorners()
    {
        var operands = new RandomOperands(1, includeNaN: true);
        int denormal = 0, overflow = 0, zero = 0, nan = 0, infinite = 0, inexact = 0;
        for (int i = 0; i < Cases; i++)
        {
            var (a, b, c) = operands.NextDoubles();
            var result = Math.FusedMultiplyAdd(a, b, c);
            denormal += double.IsSubnormal(result) ? 1 : 0;
            zero += result == 0 ? 1 : 0;
            nan += double.IsNaN(result) ? 1 : 0;
            infinite += double.IsInfinity(result) && double.IsFinite(a) && double.IsFinite(b) && double.IsFinite(c) ? 1 : 0;
            overflow += Math.Abs(result) == double.MaxValue ? 1 : 0;
            var flags = FloatFlags.None;
            FloatArithmetic.MultiplyAdd(
                Float82.FromDouble(a), Float82.FromDouble(b), Float82.FromDouble(c),
                MultiplyAddForm.Add, PrecisionOverride.Double, ExtendedNearest, ref flags);
            inexact += (flags & FloatFlags.Inexact) != 0 ? 1 : 0;
        }
        Assert.True(denormal > 1000 && zero > 1000 && nan > 1000 && infinite > 1000 && inexact > Cases / 4,
            $"denormal {denormal}, zero {zero}, NaN {nan}, overflow to infinity {infinite}, inexact {inexact}");
    }

    private static void AssertDouble(double a, double b, double c, PrecisionOverride completer, FloatStatus status)
    {
        var flags = FloatFlags.None;
        var actual = FloatArithmetic.MultiplyAdd(
            Float82.FromDouble(a), Float82.FromDouble(b), Float82.FromDouble(c),
            MultiplyAddForm.Add, completer, status, ref flags).ToDouble();
        AssertSameDouble(Math.FusedMultiplyAdd(a, b, c), actual, a, b, c);
    }

    private static void AssertSameDouble(double expected, double actual, double a, double b, double c)
    {
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual), $"fma({a:R}, {b:R}, {c:R}) = {actual:R}, expected NaN");
            return;
        }
        Assert.True(
            BitConverter.DoubleToUInt64Bits(expected) == BitConverter.DoubleToUInt64Bits(actual),
            $"fma({a:R}, {b:R}, {c:R}) = {actual:R}, expected {expected:R}");
    }
}
