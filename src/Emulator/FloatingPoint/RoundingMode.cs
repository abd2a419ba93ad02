namespace Ivm.Emulator.FloatingPoint;

/// <summary>The rc field of a status field, with its encoded values.</summary>
public enum RoundingMode
{
    /// <summary>Round to nearest, ties to even.</summary>
    ToNearest = 0,
    /// <summary>Round toward negative infinity.</summary>
    Down = 1,
    /// <summary>Round toward positive infinity.</summary>
    Up = 2,
    /// <summary>Round toward zero.</summary>
    TowardZero = 3,
}
