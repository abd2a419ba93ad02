namespace Ivm.Emulator.FloatingPoint;

/// <summary>
/// One IA-64 floating-point register value in the 82-bit register format: a sign bit, a 17-bit
/// exponent biased by 0xFFFF and a 64-bit significand whose integer bit (bit 63) is explicit, so
/// denormals and unnormals are representable at any exponent.
/// </summary>
public readonly partial struct Float82 : IEquatable<Float82>
{
    /// <summary>Exponent bias of the register format.</summary>
    public const int Bias = 0xFFFF;

    /// <summary>The all-ones exponent used by infinities and NaNs.</summary>
    public const int SpecialExponent = 0x1FFFF;

    /// <summary>Exponent of the integer form written by setf.sig (2^63 scale: the significand is the integer).</summary>
    public const int IntegerExponent = 0x1003E;

    internal const ulong IntegerBit = 1UL << 63;
    internal const ulong QuietBit = 1UL << 62;

    /// <summary>f0: +0.0.</summary>
    public static readonly Float82 Zero = new(false, 0, 0);

    /// <summary>f1: +1.0.</summary>
    public static readonly Float82 One = new(false, Bias, IntegerBit);

    /// <summary>NaTVal, the register NaT: positive sign, exponent 0x1FFFE, significand 0.</summary>
    public static readonly Float82 NaTVal = new(false, 0x1FFFE, 0);

    /// <summary>The QNaN indefinite produced by invalid operations.</summary>
    public static readonly Float82 QNaNIndefinite = new(true, SpecialExponent, IntegerBit | QuietBit);

    /// <summary>+infinity.</summary>
    public static readonly Float82 PositiveInfinity = new(false, SpecialExponent, IntegerBit);

    /// <summary>-infinity.</summary>
    public static readonly Float82 NegativeInfinity = new(true, SpecialExponent, IntegerBit);

    /// <summary>Builds a register value from its fields; the exponent is masked to 17 bits.</summary>
    public Float82(bool sign, int exponent, ulong significand)
    {
        Sign = sign;
        Exponent = exponent & SpecialExponent;
        Significand = significand;
    }

    /// <summary>True when the value is negative (bit 81).</summary>
    public bool Sign { get; }

    /// <summary>The biased 17-bit exponent.</summary>
    public int Exponent { get; }

    /// <summary>The 64-bit significand with its explicit integer bit at bit 63.</summary>
    public ulong Significand { get; }

    /// <summary>True for NaTVal exactly.</summary>
    public bool IsNaTVal => !Sign && Exponent == 0x1FFFE && Significand == 0;

    /// <summary>Infinity: the special exponent with only the integer bit set.</summary>
    public bool IsInfinity => Exponent == SpecialExponent && Significand == IntegerBit;

    /// <summary>NaN: the special exponent with a non-zero fraction and the integer bit set.</summary>
    public bool IsNaN => Exponent == SpecialExponent && (Significand & IntegerBit) != 0 && (Significand << 1) != 0;

    /// <summary>Signalling NaN: a NaN whose quiet bit (bit 62) is clear.</summary>
    public bool IsSignalingNaN => IsNaN && (Significand & QuietBit) == 0;

    /// <summary>
    /// The special exponent with the integer bit clear (pseudo-NaN, pseudo-infinity): arithmetic
    /// treats these as unsupported operands and answers invalid.
    /// </summary>
    public bool IsUnsupported => Exponent == SpecialExponent && (Significand & IntegerBit) == 0;

    /// <summary>Zero or pseudo-zero: a zero significand at any exponent but the special one (and not NaTVal).</summary>
    public bool IsZero => Significand == 0 && Exponent != SpecialExponent && !IsNaTVal;

    /// <summary>A finite non-zero value with the integer bit clear (denormal or unnormal): raises the denormal flag.</summary>
    public bool IsUnnormal => Exponent != SpecialExponent && Significand != 0 && (Significand & IntegerBit) == 0;

    /// <summary>This value with the quiet bit set (how a signalling NaN operand becomes the result).</summary>
    public Float82 Quieted() => new(Sign, Exponent, Significand | QuietBit);

    /// <summary>This value with the sign flipped.</summary>
    public Float82 Negated() => new(!Sign, Exponent, Significand);

    /// <summary>setf.sig: the integer form, exponent 0x1003E with the integer as significand.</summary>
    public static Float82 FromInteger(ulong value) => new(false, IntegerExponent, value);

    /// <summary>getf.sig: the significand bits, whatever the exponent.</summary>
    public ulong ToInteger() => Significand;

    /// <inheritdoc/>
    public bool Equals(Float82 other) => Sign == other.Sign && Exponent == other.Exponent && Significand == other.Significand;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Float82 other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Sign, Exponent, Significand);

    /// <summary>Bitwise equality of the three fields.</summary>
    public static bool operator ==(Float82 left, Float82 right) => left.Equals(right);

    /// <summary>Bitwise inequality of the three fields.</summary>
    public static bool operator !=(Float82 left, Float82 right) => !left.Equals(right);

    /// <summary>Sign, hexadecimal exponent and significand, as debuggers print registers.</summary>
    public override string ToString() => $"{(Sign ? '-' : '+')} 0x{Exponent:X5} 0x{Significand:X16}";
}
