using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Ivm.Emulator.FloatingPoint;

// The memory formats as the load (ldfs/ldfd/ldfe/ldf.fill) and store (stfs/stfd/stfe/stf.spill)
// instructions translate them. Loads never round: every memory value has an exact register form.
// Stores copy exponent bits rather than re-biasing, so a register value outside the memory
// format's range is stored with truncated exponent bits exactly as the hardware does.
public readonly partial struct Float82
{
    /// <summary>ldfs: the register form of a single-precision bit pattern.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Float82 FromSingleBits(uint bits)
        => FromIeee((bits >> 31) != 0, (int)((bits >> 23) & 0xFF), (ulong)(bits & 0x7FFFFF) << 40, 0xFF, 127);

    /// <summary>ldfd: the register form of a double-precision bit pattern.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Float82 FromDoubleBits(ulong bits)
        => FromIeee((bits >> 63) != 0, (int)((bits >> 52) & 0x7FF), (bits & 0xFFFFFFFFFFFFFUL) << 11, 0x7FF, 1023);

    /// <summary>ldfs of a .NET float.</summary>
    public static Float82 FromSingle(float value) => FromSingleBits(BitConverter.SingleToUInt32Bits(value));

    /// <summary>ldfd of a .NET double.</summary>
    public static Float82 FromDouble(double value) => FromDoubleBits(BitConverter.DoubleToUInt64Bits(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Float82 FromIeee(bool sign, int exponent, ulong fraction, int maxExponent, int bias)
    {
        if (exponent == maxExponent)
        {
            return new Float82(sign, SpecialExponent, IntegerBit | fraction);
        }
        if (exponent == 0)
        {
            // Denormals keep the format's minimum exponent with the integer bit clear, so the value
            // is exact and a store gives back the same bits.
            return fraction == 0 ? new Float82(sign, 0, 0) : new Float82(sign, Bias + 1 - bias, fraction);
        }
        return new Float82(sign, exponent - bias + Bias, IntegerBit | fraction);
    }

    /// <summary>ldfe: the register form of the 10-byte double-extended memory format.</summary>
    public static Float82 FromExtended(ReadOnlySpan<byte> tenBytes)
    {
        var significand = BinaryPrimitives.ReadUInt64LittleEndian(tenBytes);
        int top = BinaryPrimitives.ReadUInt16LittleEndian(tenBytes[8..]);
        bool sign = (top >> 15) != 0;
        int exponent = top & 0x7FFF;
        if (exponent == 0x7FFF)
        {
            return new Float82(sign, SpecialExponent, significand);
        }
        if (exponent == 0)
        {
            return significand == 0 ? new Float82(sign, 0, 0) : new Float82(sign, Bias + 1 - 16383, significand);
        }
        return new Float82(sign, exponent - 16383 + Bias, significand);
    }

    /// <summary>ldf.fill: the 16-byte spill format, the register's 82 bits unchanged.</summary>
    public static Float82 FromSpill(ReadOnlySpan<byte> sixteenBytes)
    {
        var significand = BinaryPrimitives.ReadUInt64LittleEndian(sixteenBytes);
        var high = BinaryPrimitives.ReadUInt64LittleEndian(sixteenBytes[8..]);
        return new Float82(((high >> 17) & 1) != 0, (int)(high & 0x1FFFF), significand);
    }

    /// <summary>stfs: the single-precision bit pattern stored for this register.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ToSingleBits()
    {
        uint sign = Sign ? 1u << 31 : 0;
        uint fraction = (uint)((Significand >> 40) & 0x7FFFFF);
        return sign | ((uint)StoredExponent(7) << 23) | fraction;
    }

    /// <summary>stfd: the double-precision bit pattern stored for this register.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ToDoubleBits()
    {
        ulong sign = Sign ? 1UL << 63 : 0;
        ulong fraction = (Significand >> 11) & 0xFFFFFFFFFFFFFUL;
        return sign | ((ulong)StoredExponent(10) << 52) | fraction;
    }

    /// <summary>stfs as a .NET float.</summary>
    public float ToSingle() => BitConverter.UInt32BitsToSingle(ToSingleBits());

    /// <summary>stfd as a .NET double.</summary>
    public double ToDouble() => BitConverter.UInt64BitsToDouble(ToDoubleBits());

    /// <summary>stfe: writes the 10-byte double-extended memory format.</summary>
    public void ToExtended(Span<byte> tenBytes)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(tenBytes, Significand);
        int exponent = Exponent == SpecialExponent ? 0x7FFF
            : Exponent == 0 || ((Significand & IntegerBit) == 0 && Exponent == Bias + 1 - 16383) ? 0
            : ((Exponent >> 16) << 14) | (Exponent & 0x3FFF);
        BinaryPrimitives.WriteUInt16LittleEndian(tenBytes[8..], (ushort)((Sign ? 0x8000 : 0) | exponent));
    }

    /// <summary>stf.spill: writes the 16-byte spill format (bits 82-127 zero).</summary>
    public void ToSpill(Span<byte> sixteenBytes)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(sixteenBytes, Significand);
        BinaryPrimitives.WriteUInt64LittleEndian(sixteenBytes[8..], (ulong)(uint)Exponent | (Sign ? 1UL << 17 : 0));
    }

    // Single and double take the exponent's top bit and its low bits; a clear integer bit means a
    // denormal (or zero) in memory, whose exponent field is zero.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int StoredExponent(int lowBits)
    {
        int all = (1 << (lowBits + 1)) - 1;
        if (Exponent == SpecialExponent)
        {
            return all;
        }
        if ((Significand & IntegerBit) == 0)
        {
            return 0;
        }
        return ((Exponent >> 16) << lowBits) | (Exponent & ((1 << lowBits) - 1));
    }
}
