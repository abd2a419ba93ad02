namespace Ivm.Emulator.FloatingPoint;

/// <summary>The instruction's precision completer: none (use the status field's pc), .s or .d.</summary>
public enum PrecisionOverride
{
    /// <summary>No completer: the status field's pc and wre decide.</summary>
    None,
    /// <summary>.s: 24-bit significand; 8-bit exponent, or 17-bit when wre is set.</summary>
    Single,
    /// <summary>.d: 53-bit significand; 11-bit exponent, or 17-bit when wre is set.</summary>
    Double,
}
