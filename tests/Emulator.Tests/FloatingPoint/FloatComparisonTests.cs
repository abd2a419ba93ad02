using Ivm.Emulator.FloatingPoint;
using Xunit;

namespace Ivm.Emulator.Tests.FloatingPoint;

/// <summary>fcmp and fmin/fmax against the host's IEEE comparisons; fclass.m by hand.</summary>
public sealed class FloatComparisonTests
{
    [Fact]
    public void RelationsMatchIeeeComparisons()
    {
        var operands = new RandomOperands(40, includeNaN: true);
        for (int i = 0; i < 100_000; i++)
        {
            var (a, b, _) = operands.NextDoubles();
            if (i % 7 == 0)
            {
                b = i % 2 == 0 ? a : -a;
            }
            var x = Float82.FromDouble(a);
            var y = Float82.FromDouble(b);
            bool nan = double.IsNaN(a) || double.IsNaN(b);
            bool denormal = !nan && (IsDenormal(a) || IsDenormal(b));
            var quietFlags = nan && (IsSignalling(a) || IsSignalling(b)) ? FloatFlags.Invalid : denormal ? FloatFlags.Denormal : FloatFlags.None;
            var signallingFlags = nan ? FloatFlags.Invalid : denormal ? FloatFlags.Denormal : FloatFlags.None;

            Assert.Equal((a == b, quietFlags), Run(x, y, FloatRelation.Equal));
            Assert.Equal((a < b, signallingFlags), Run(x, y, FloatRelation.LessThan));
            Assert.Equal((a <= b, signallingFlags), Run(x, y, FloatRelation.LessOrEqual));
            Assert.Equal((nan, quietFlags), Run(x, y, FloatRelation.Unordered));

            var flags = FloatFlags.None;
            Assert.Equal(a < b ? x : y, FloatComparison.Min(x, y, magnitude: false, ref flags));
            Assert.Equal(a > b ? x : y, FloatComparison.Max(x, y, magnitude: false, ref flags));
            Assert.Equal(Math.Abs(a) < Math.Abs(b) ? x : y, FloatComparison.Min(x, y, magnitude: true, ref flags));
            Assert.Equal(Math.Abs(a) > Math.Abs(b) ? x : y, FloatComparison.Max(x, y, magnitude: true, ref flags));
            Assert.Equal(nan ? FloatFlags.Invalid : denormal ? FloatFlags.Denormal : FloatFlags.None, flags);
        }
    }

    [Fact]
    public void UnnormalsCompareByValue()
    {
        var two = new Float82(false, 0xFFFF + 1, 1UL << 63);
        var unnormalTwo = new Float82(false, 0xFFFF + 2, 1UL << 62);
        var flags = FloatFlags.None;
        Assert.True(FloatComparison.Compare(two, unnormalTwo, FloatRelation.Equal, ref flags));
        Assert.Equal(FloatFlags.Denormal, flags);
    }

    [Fact]
    public void ClassifyMatchesEachClassBit()
    {
        const int Pos = 0x001, Neg = 0x002, Zero = 0x004, Unorm = 0x008, Norm = 0x010, Inf = 0x020, SNaN = 0x040, QNaN = 0x080, Nat = 0x100;
        Assert.True(FloatComparison.Classify(Float82.Zero, Pos | Zero));
        Assert.False(FloatComparison.Classify(Float82.Zero, Neg | Zero));
        Assert.False(FloatComparison.Classify(Float82.Zero, Pos | Neg));
        Assert.True(FloatComparison.Classify(Float82.FromDouble(-double.Epsilon), Neg | Unorm));
        Assert.False(FloatComparison.Classify(Float82.FromDouble(-double.Epsilon), Neg | Norm));
        Assert.True(FloatComparison.Classify(Float82.One, Pos | Norm));
        Assert.True(FloatComparison.Classify(Float82.NegativeInfinity, Neg | Inf));
        Assert.True(FloatComparison.Classify(Float82.QNaNIndefinite, QNaN));
        Assert.False(FloatComparison.Classify(Float82.QNaNIndefinite, SNaN | Pos | Neg | Zero | Unorm | Norm | Inf));
        Assert.True(FloatComparison.Classify(Float82.FromDoubleBits(0x7FF0000000000001), SNaN));
        Assert.True(FloatComparison.Classify(Float82.NaTVal, Nat));
        Assert.False(FloatComparison.Classify(Float82.NaTVal, 0xFF));
    }

    private static (bool, FloatFlags) Run(Float82 a, Float82 b, FloatRelation relation)
    {
        var flags = FloatFlags.None;
        return (FloatComparison.Compare(a, b, relation, ref flags), flags);
    }

    private static bool IsDenormal(double x) => x != 0 && double.IsSubnormal(x);

    private static bool IsSignalling(double x) => double.IsNaN(x) && (BitConverter.DoubleToUInt64Bits(x) & (1UL << 51)) == 0;
}
