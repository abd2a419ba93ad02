namespace Ivm.Emulator.FloatingPoint;

/// <summary>
/// The six IEEE status flags of one ar.fpsr status field, in the field's bit order (bit 7 of the
/// field is v) so that they shift in and out of the register unchanged.
/// </summary>
[Flags]
public enum FloatFlags
{
    /// <summary>No flag.</summary>
    None = 0,
    /// <summary>Invalid operation.</summary>
    Invalid = 1 << 0,
    /// <summary>Denormal/unnormal operand.</summary>
    Denormal = 1 << 1,
    /// <summary>Zero divide.</summary>
    ZeroDivide = 1 << 2,
    /// <summary>Overflow.</summary>
    Overflow = 1 << 3,
    /// <summary>Underflow (tiny and inexact).</summary>
    Underflow = 1 << 4,
    /// <summary>Inexact.</summary>
    Inexact = 1 << 5,
}
