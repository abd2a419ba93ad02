using Ivm.Emulator.FloatingPoint;
using Xunit;

namespace Ivm.Emulator.Tests.FloatingPoint;

/// <summary>Loads and stores between the register format and the memory formats.</summary>
public sealed class Float82MemoryTests
{
    [Fact]
    public void ConstantsHaveTheirArchitecturalEncodings()
    {
        Assert.Equal(new Float82(false, 0, 0), Float82.Zero);
        Assert.Equal(new Float82(false, 0xFFFF, 0x8000000000000000), Float82.One);
        Assert.Equal(new Float82(false, 0x1FFFE, 0), Float82.NaTVal);
        Assert.True(Float82.NaTVal.IsNaTVal);
        Assert.False(Float82.NaTVal.IsZero);
    }

    [Fact]
    public void SingleLoadsAreExact()
    {
        Assert.Equal(Float82.One, Float82.FromSingle(1f));
        Assert.Equal(new Float82(true, 0xFFFF + 1, 0xC000000000000000), Float82.FromSingle(-3f));
        Assert.Equal(new Float82(false, 0xFFFF - 126, 1UL << 40), Float82.FromSingleBits(1));
        Assert.Equal(new Float82(true, 0, 0), Float82.FromSingle(-0f));
        Assert.Equal(Float82.NegativeInfinity, Float82.FromSingle(float.NegativeInfinity));
        Assert.Equal(new Float82(false, 0x1FFFF, 0xA000000000000000), Float82.FromSingleBits(0x7FA00000));
    }

    [Fact]
    public void DoubleLoadsAreExact()
    {
        Assert.Equal(Float82.One, Float82.FromDouble(1.0));
        Assert.Equal(new Float82(false, 0xFFFF - 1022, 1UL << 11), Float82.FromDouble(double.Epsilon));
        Assert.Equal(new Float82(false, 0xFFFF + 1023, 0xFFFFFFFFFFFFF800), Float82.FromDouble(double.MaxValue));
        Assert.True(Float82.FromDouble(double.Epsilon).IsUnnormal);
    }

    [Fact]
    public void EveryKindOfSingleAndDoubleStoresBackUnchanged()
    {
        var random = new Random(7);
        for (int i = 0; i < 200_000; i++)
        {
            var single = (uint)random.NextInt64(0, 1L << 32);
            if (i % 4 == 0)
            {
                single &= 0x807FFFFF; // denormals and zeros
            }
            else if (i % 4 == 1)
            {
                single |= 0x7F800000; // infinities and NaNs
            }
            Assert.Equal(single, Float82.FromSingleBits(single).ToSingleBits());

            var dbl = (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63);
            if (i % 4 == 0)
            {
                dbl &= 0x800FFFFFFFFFFFFF;
            }
            else if (i % 4 == 1)
            {
                dbl |= 0x7FF0000000000000;
            }
            Assert.Equal(dbl, Float82.FromDoubleBits(dbl).ToDoubleBits());
        }
    }

    [Fact]
    public void ExtendedLoadsAndStoresRoundTrip()
    {
        var random = new Random(8);
        Span<byte> bytes = stackalloc byte[10];
        Span<byte> back = stackalloc byte[10];
        for (int i = 0; i < 100_000; i++)
        {
            random.NextBytes(bytes);
            int exponent = (bytes[9] & 0x7F) << 8 | bytes[8];
            bool integerBit = (bytes[7] & 0x80) != 0;
            // Exponent 0 with the integer bit (pseudo-denormal) and exponent 1 without it both load as
            // the same register value as a true denormal, so they store back in the canonical form.
            if ((exponent == 0 && integerBit) || (exponent == 1 && !integerBit))
            {
                continue;
            }
            Float82.FromExtended(bytes).ToExtended(back);
            Assert.True(bytes.SequenceEqual(back), Convert.ToHexString(bytes));
        }
        // 1.0 in the x87 layout.
        byte[] one = [0, 0, 0, 0, 0, 0, 0, 0x80, 0xFF, 0x3F];
        Assert.Equal(Float82.One, Float82.FromExtended(one));
        // Smallest extended denormal.
        byte[] tiny = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        Assert.Equal(new Float82(false, 0xC001, 1), Float82.FromExtended(tiny));
    }

    [Fact]
    public void SpillFillKeepsAllEightyTwoBits()
    {
        Span<byte> bytes = stackalloc byte[16];
        var value = new Float82(true, 0x1ABCD, 0x0123456789ABCDEF);
        value.ToSpill(bytes);
        Assert.Equal("EFCDAB8967452301CDAB030000000000", Convert.ToHexString(bytes));
        Assert.Equal(value, Float82.FromSpill(bytes));
        Float82.NaTVal.ToSpill(bytes);
        Assert.Equal(Float82.NaTVal, Float82.FromSpill(bytes));
    }

    [Fact]
    public void IntegerFormIsTheSignificand()
    {
        var value = Float82.FromInteger(0xFEDCBA9876543210);
        Assert.Equal(new Float82(false, 0x1003E, 0xFEDCBA9876543210), value);
        Assert.Equal(0xFEDCBA9876543210UL, value.ToInteger());
    }

    [Fact]
    public void StoresOfOutOfRangeExponentsCopyExponentBits()
    {
        // 2^200 has no single encoding: stfs keeps exponent bit 16 and bits 6:0.
        var big = new Float82(false, 0xFFFF + 200, 1UL << 63);
        Assert.Equal((uint)(1 << 7 | ((0xFFFF + 200) & 0x7F)) << 23, big.ToSingleBits());
    }
}
