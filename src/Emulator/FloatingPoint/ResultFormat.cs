namespace Ivm.Emulator.FloatingPoint;

/// <summary>
/// What an arithmetic result is rounded to: significand bits and the unbiased exponent range of a
/// normal number, chosen from the precision completer, pc and wre.
/// </summary>
internal readonly record struct ResultFormat(int SignificandBits, int MinExponent, int MaxExponent)
{
    /// <summary>The format for an instruction's completer under a status field.</summary>
    public static ResultFormat For(PrecisionOverride completer, in FloatStatus status)
    {
        var (bits, exponentBits) = completer switch
        {
            PrecisionOverride.Single => (24, 8),
            PrecisionOverride.Double => (53, 11),
            _ => status.Precision switch
            {
                PrecisionControl.Single => (24, 8),
                PrecisionControl.Double => (53, 11),
                _ => (64, 15),
            },
        };
        if (status.WideRange)
        {
            exponentBits = 17;
        }
        // The 17-bit range tops out one below the special exponent, which is what the IEEE bias
        // formula gives for 17 bits too.
        int maxExponent = (1 << (exponentBits - 1)) - 1;
        return new ResultFormat(bits, 1 - maxExponent, maxExponent);
    }
}
