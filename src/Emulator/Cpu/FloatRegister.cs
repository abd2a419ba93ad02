namespace Ivm.Emulator.Cpu;

/// <summary>
/// One 82-bit floating-point register: a 64-bit significand with an explicit integer bit, a 17-bit
/// exponent (bias 0xFFFF) and a sign, kept as the significand and an 18-bit sign:exponent word.
/// Integers live in the same format with exponent 0x1003E (setf.sig, xma); NaTVal, the deferred
/// exception token of speculation, is exponent 0x1FFFE with a zero significand.
/// </summary>
public readonly record struct FloatRegister(ulong Significand, uint SignExponent)
{
    public const uint IntegerExponent = 0x1003E;
    public const uint ExponentMask = 0x1ffff;
    public const uint SignBit = 0x20000;

    public static FloatRegister Zero => new(0, 0);

    public static FloatRegister One => new(1UL << 63, 0xffff);

    public static FloatRegister NaTVal => new(0, 0x1fffe);

    public static FloatRegister FromInteger(ulong value) => new(value, IntegerExponent);

    public bool IsNaTVal => Significand == 0 && SignExponent == 0x1fffe;

    public uint Exponent => SignExponent & ExponentMask;

    public bool Negative => (SignExponent & SignBit) != 0;
}
