using Ivm.Emulator.FloatingPoint;
using Xunit;

namespace Ivm.Emulator.Tests.FloatingPoint;

/// <summary>Decoding and updating the status fields of ar.fpsr.</summary>
public sealed class FloatStatusTests
{
    [Fact]
    public void LinuxDefaultDecodes()
    {
        var fpsr = FloatStatus.LinuxDefaultFpsr;
        Assert.Equal((FloatFlags)0x3F, FloatStatus.DisabledTraps(fpsr));
        Assert.Equal(new FloatStatus(false, false, PrecisionControl.DoubleExtended, RoundingMode.ToNearest, false, FloatFlags.None), FloatStatus.Decode(fpsr, 0));
        Assert.Equal(new FloatStatus(false, true, PrecisionControl.DoubleExtended, RoundingMode.ToNearest, true, FloatFlags.None), FloatStatus.Decode(fpsr, 1));
        Assert.Equal(new FloatStatus(false, false, PrecisionControl.DoubleExtended, RoundingMode.ToNearest, true, FloatFlags.None), FloatStatus.Decode(fpsr, 2));
        Assert.Equal(FloatStatus.Decode(fpsr, 2), FloatStatus.Decode(fpsr, 3));
    }

    [Fact]
    public void EveryFieldBitLandsWhereTheManualPutsIt()
    {
        // sf2 (bits 32-44): ftz, rc = toward zero (bits 36-37), pc = single, flags o and i (bits 42, 44).
        ulong fpsr = 1UL << 32 | 3UL << 36 | 1UL << 42 | 1UL << 44;
        var sf2 = FloatStatus.Decode(fpsr, 2);
        Assert.Equal(new FloatStatus(true, false, PrecisionControl.Single, RoundingMode.TowardZero, false, FloatFlags.Overflow | FloatFlags.Inexact), sf2);
        Assert.Equal((uint)(fpsr >> 32), sf2.Encode());
        Assert.Equal(FloatStatus.Decode(0, 0), FloatStatus.Decode(fpsr, 0));
    }

    [Fact]
    public void FlagsAccumulate()
    {
        ulong fpsr = FloatStatus.LinuxDefaultFpsr;
        fpsr = FloatStatus.AccumulateFlags(fpsr, 3, FloatFlags.Invalid);
        fpsr = FloatStatus.AccumulateFlags(fpsr, 3, FloatFlags.Inexact);
        Assert.Equal(FloatFlags.Invalid | FloatFlags.Inexact, FloatStatus.Decode(fpsr, 3).Flags);
        Assert.Equal(1UL << 52 | 1UL << 57, fpsr ^ FloatStatus.LinuxDefaultFpsr);
        Assert.Equal(FloatFlags.None, FloatStatus.Decode(fpsr, 2).Flags);
    }
}
