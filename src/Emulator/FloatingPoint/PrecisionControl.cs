namespace Ivm.Emulator.FloatingPoint;

/// <summary>The pc field of a status field, with its encoded values.</summary>
public enum PrecisionControl
{
    /// <summary>24-bit significand, 8-bit exponent.</summary>
    Single = 0,
    /// <summary>Encoding 1 is reserved; the processor treats it like double-extended.</summary>
    Reserved = 1,
    /// <summary>53-bit significand, 11-bit exponent.</summary>
    Double = 2,
    /// <summary>64-bit significand, 15-bit exponent.</summary>
    DoubleExtended = 3,
}
