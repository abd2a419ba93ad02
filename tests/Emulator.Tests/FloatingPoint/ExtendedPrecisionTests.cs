using Ivm.Emulator.FloatingPoint;
using Xunit;

namespace Ivm.Emulator.Tests.FloatingPoint;

/// <summary>Hand-computed register results and flags for the cases no host fma can check.</summary>
public sealed class ExtendedPrecisionTests
{
    private static readonly FloatStatus Sf0 = FloatStatus.Decode(FloatStatus.LinuxDefaultFpsr, 0);

    private static Float82 Power(int exponent) => new(false, Float82.Bias + exponent, 1UL << 63);

    private static (Float82 Result, FloatFlags Flags) Fma(
        Float82 a, Float82 b, Float82 c, FloatStatus status,
        MultiplyAddForm form = MultiplyAddForm.Add, PrecisionOverride completer = PrecisionOverride.None)
    {
        var flags = FloatFlags.None;
        var result = FloatArithmetic.MultiplyAdd(a, b, c, form, completer, status, ref flags);
        return (result, flags);
    }

    [Fact]
    public void HalfUlpTieRoundsToEvenAndUpRoundsUp()
    {
        // 1 + 2^-64 is exactly half an extended ulp above 1.
        Assert.Equal((Float82.One, FloatFlags.Inexact), Fma(Float82.One, Float82.One, Power(-64), Sf0));
        Assert.Equal(
            (new Float82(false, Float82.Bias, 0x8000000000000001), FloatFlags.Inexact),
            Fma(Float82.One, Float82.One, Power(-64), Sf0 with { Rounding = RoundingMode.Up }));
    }

    [Fact]
    public void FullWidthProductRoundsOnce()
    {
        // (2^64 - 1)^2 = 2^128 - 2^65 + 1: the top 64 bits are ...FE and the rest is below half.
        var almostTwo = new Float82(false, Float82.Bias, ulong.MaxValue);
        Assert.Equal(
            (new Float82(false, Float82.Bias + 1, 0xFFFFFFFFFFFFFFFE), FloatFlags.Inexact),
            Fma(almostTwo, almostTwo, Float82.Zero, Sf0, MultiplyAddForm.AddendIsF0));
        Assert.Equal(
            (new Float82(false, Float82.Bias + 1, 0xFFFFFFFFFFFFFFFF), FloatFlags.Inexact),
            Fma(almostTwo, almostTwo, Float82.Zero, Sf0 with { Rounding = RoundingMode.Up }, MultiplyAddForm.AddendIsF0));
    }

    [Fact]
    public void WideRangeKeepsWhatFifteenBitsOverflow()
    {
        var big = Power(16000);
        Assert.Equal(
            (Float82.PositiveInfinity, FloatFlags.Overflow | FloatFlags.Inexact),
            Fma(big, big, Float82.Zero, Sf0, MultiplyAddForm.AddendIsF0));
        Assert.Equal(
            (new Float82(false, Float82.Bias + 16383, ulong.MaxValue), FloatFlags.Overflow | FloatFlags.Inexact),
            Fma(big, big, Float82.Zero, Sf0 with { Rounding = RoundingMode.TowardZero }, MultiplyAddForm.AddendIsF0));
        Assert.Equal(
            (Power(32000), FloatFlags.None),
            Fma(big, big, Float82.Zero, Sf0 with { WideRange = true }, MultiplyAddForm.AddendIsF0));
    }

    [Fact]
    public void ExtendedDenormalResultsKeepTheMinimumExponent()
    {
        // 2^-16383 is an exact extended denormal: exponent 0xC001 with the integer bit clear.
        Assert.Equal(
            (new Float82(false, 0xC001, 1UL << 62), FloatFlags.None),
            Fma(Power(-16382), Power(-1), Float82.Zero, Sf0, MultiplyAddForm.AddendIsF0));
        // With a bit that no longer fits: tiny and inexact.
        var oneAndUlp = new Float82(false, Float82.Bias, 0x8000000000000001);
        Assert.Equal(
            (new Float82(false, 0xC001, 1UL << 62), FloatFlags.Underflow | FloatFlags.Inexact),
            Fma(Power(-16382), new Float82(false, Float82.Bias - 1, oneAndUlp.Significand), Float82.Zero, Sf0, MultiplyAddForm.AddendIsF0));
        // Flush-to-zero replaces the tiny result by a signed zero.
        Assert.Equal(
            (new Float82(true, 0, 0), FloatFlags.Underflow | FloatFlags.Inexact),
            Fma(Power(-16382).Negated(), Power(-1), Float82.Zero, Sf0 with { FlushToZero = true }, MultiplyAddForm.AddendIsF0));
    }

    [Fact]
    public void TininessIsJudgedAfterRounding()
    {
        // 2^-16382 − 2^-16447 lies half an unbounded ulp below 2^-16382, the smallest normal, and
        // rounds (ties to even) up to it: not tiny, so no U although the exact value is below.
        Assert.Equal(
            (Power(-16382), FloatFlags.Inexact),
            Fma(Power(-16382), Float82.One, Power(-16447), Sf0, MultiplyAddForm.Subtract));
        // Toward zero it stays below: tiny and inexact.
        Assert.Equal(
            (new Float82(false, 0xC001, 0x7FFFFFFFFFFFFFFF), FloatFlags.Underflow | FloatFlags.Inexact),
            Fma(Power(-16382), Float82.One, Power(-16447), Sf0 with { Rounding = RoundingMode.TowardZero }, MultiplyAddForm.Subtract));
    }

    [Fact]
    public void FnormNormalisesUnnormals()
    {
        var unnormal = new Float82(false, Float82.Bias, 1);
        Assert.Equal((Power(-63), FloatFlags.Denormal), Fma(unnormal, Float82.One, Float82.Zero, Sf0, MultiplyAddForm.AddendIsF0));
        var pseudoZero = new Float82(true, 0x1234, 0);
        Assert.Equal((new Float82(true, 0, 0), FloatFlags.None), Fma(pseudoZero, Float82.One, Float82.Zero, Sf0, MultiplyAddForm.AddendIsF0));
    }

    [Fact]
    public void ZeroSigns()
    {
        var minusOne = Float82.One.Negated();
        // fmpy keeps −0; fma with +0 in f2 (another register) adds it and gets +0.
        Assert.Equal(new Float82(true, 0, 0), Fma(minusOne, Float82.Zero, Float82.Zero, Sf0, MultiplyAddForm.AddendIsF0).Result);
        Assert.Equal(Float82.Zero, Fma(minusOne, Float82.Zero, Float82.Zero, Sf0).Result);
        Assert.Equal(new Float82(true, 0, 0), Fma(minusOne, Float82.Zero, Float82.Zero, Sf0 with { Rounding = RoundingMode.Down }).Result);
        // 1 − 1 is +0, except −0 when rounding down.
        Assert.Equal(Float82.Zero, Fma(Float82.One, Float82.One, Float82.One, Sf0, MultiplyAddForm.Subtract).Result);
        Assert.Equal(new Float82(true, 0, 0), Fma(Float82.One, Float82.One, Float82.One, Sf0 with { Rounding = RoundingMode.Down }, MultiplyAddForm.Subtract).Result);
    }

    [Fact]
    public void NaNPreferenceIsF4ThenF2ThenF3()
    {
        var nan3 = new Float82(false, Float82.SpecialExponent, 0xC000000000000003);
        var nan4 = new Float82(true, Float82.SpecialExponent, 0xC000000000000004);
        var nan2 = new Float82(false, Float82.SpecialExponent, 0xC000000000000002);
        var signalling3 = new Float82(true, Float82.SpecialExponent, 0x8000000000000003);
        Assert.Equal((nan4, FloatFlags.None), Fma(nan3, nan4, nan2, Sf0));
        Assert.Equal((nan2, FloatFlags.None), Fma(nan3, Float82.One, nan2, Sf0));
        Assert.Equal((nan2, FloatFlags.Invalid), Fma(signalling3, Float82.One, nan2, Sf0));
        Assert.Equal((signalling3.Quieted(), FloatFlags.Invalid), Fma(signalling3, Float82.One, Float82.One, Sf0, MultiplyAddForm.Subtract));
        // The NaN is not negated by fms or fnma, nor rounded to the target precision.
        Assert.Equal((nan4, FloatFlags.None), Fma(Float82.One, nan4, Float82.One, Sf0, MultiplyAddForm.NegateProduct, PrecisionOverride.Single));
    }

    [Fact]
    public void InvalidOperationsGiveTheIndefinite()
    {
        Assert.Equal((Float82.QNaNIndefinite, FloatFlags.Invalid), Fma(Float82.PositiveInfinity, Float82.Zero, Float82.One, Sf0));
        Assert.Equal((Float82.QNaNIndefinite, FloatFlags.Invalid), Fma(Float82.PositiveInfinity, Float82.One, Float82.NegativeInfinity, Sf0));
        Assert.Equal((Float82.QNaNIndefinite, FloatFlags.Invalid), Fma(Float82.PositiveInfinity, Float82.One, Float82.PositiveInfinity, Sf0, MultiplyAddForm.Subtract));
        Assert.Equal((Float82.NegativeInfinity, FloatFlags.None), Fma(Float82.PositiveInfinity, Float82.One, Float82.PositiveInfinity, Sf0, MultiplyAddForm.NegateProduct | MultiplyAddForm.Subtract));
        var pseudoInfinity = new Float82(false, Float82.SpecialExponent, 0);
        Assert.Equal((Float82.QNaNIndefinite, FloatFlags.Invalid), Fma(pseudoInfinity, Float82.One, Float82.Zero, Sf0));
    }

    [Fact]
    public void DenormalOperandFlagsEvenWhenTheResultIsInfinite()
    {
        var denormal = Float82.FromDouble(double.Epsilon);
        Assert.Equal((Float82.PositiveInfinity, FloatFlags.Denormal), Fma(denormal, Float82.One, Float82.PositiveInfinity, Sf0));
    }

    [Fact]
    public void NaTValPropagates()
    {
        Assert.Equal((Float82.NaTVal, FloatFlags.None), Fma(Float82.One, Float82.NaTVal, Float82.One, Sf0));
    }

    [Fact]
    public void FarApartAddendOnlySteersRounding()
    {
        // 1 − 2^-20000: in round-toward-zero that is the largest extended below 1.
        Assert.Equal(
            (new Float82(false, Float82.Bias - 1, ulong.MaxValue), FloatFlags.Inexact),
            Fma(Float82.One, Float82.One, Power(-20000), Sf0 with { Rounding = RoundingMode.TowardZero, WideRange = true }, MultiplyAddForm.Subtract));
        Assert.Equal(
            (Float82.One, FloatFlags.Inexact),
            Fma(Float82.One, Float82.One, Power(-20000), Sf0 with { WideRange = true }, MultiplyAddForm.Subtract));
    }
}
