using System.Numerics;
using System.Runtime.CompilerServices;

namespace Ivm.Emulator.FloatingPoint;

/// <summary>
/// A 256-bit unsigned integer on the stack: wide enough for any multiply-add alignment window
/// (the 128-bit product and the 64-bit addend placed at most 200 bits apart, plus a carry), so the
/// arithmetic core rounds without allocating.
/// </summary>
internal struct UInt256
{
    private Limbs _limbs;

    [InlineArray(4)]
    private struct Limbs
    {
        private ulong _element;
    }

    public UInt256(UInt128 value)
    {
        _limbs[0] = (ulong)value;
        _limbs[1] = (ulong)(value >> 64);
    }

    public readonly bool IsZero => (_limbs[0] | _limbs[1] | _limbs[2] | _limbs[3]) == 0;

    public readonly int BitLength
    {
        get
        {
            for (int k = 3; k >= 0; k--)
            {
                if (_limbs[k] != 0)
                {
                    return (64 * k) + 64 - BitOperations.LeadingZeroCount(_limbs[k]);
                }
            }
            return 0;
        }
    }

    public readonly bool TestBit(int bit) => bit is >= 0 and < 256 && ((_limbs[bit >> 6] >> (bit & 63)) & 1) != 0;

    /// <summary>Whether any of bits 0 to <paramref name="count"/> − 1 is set.</summary>
    public readonly bool AnyBitsBelow(int count)
    {
        if (count <= 0)
        {
            return false;
        }
        if (count >= 256)
        {
            return !IsZero;
        }
        int whole = count >> 6;
        for (int k = 0; k < whole; k++)
        {
            if (_limbs[k] != 0)
            {
                return true;
            }
        }
        int rest = count & 63;
        return rest != 0 && (_limbs[whole] & ((1UL << rest) - 1)) != 0;
    }

    /// <summary>This value shifted left; bits beyond 256 are lost (callers keep values narrow enough).</summary>
    public readonly UInt256 ShiftLeft(int count)
    {
        var result = default(UInt256);
        if (count >= 256)
        {
            return result;
        }
        int whole = count >> 6, rest = count & 63;
        for (int k = 3; k >= whole; k--)
        {
            ulong value = _limbs[k - whole] << rest;
            if (rest != 0 && k - whole - 1 >= 0)
            {
                value |= _limbs[k - whole - 1] >> (64 - rest);
            }
            result._limbs[k] = value;
        }
        return result;
    }

    /// <summary>This value shifted right; <paramref name="lost"/> says whether a set bit fell off.</summary>
    public readonly UInt256 ShiftRight(int count, out bool lost)
    {
        lost = AnyBitsBelow(count);
        var result = default(UInt256);
        if (count >= 256)
        {
            return result;
        }
        int whole = count >> 6, rest = count & 63;
        for (int k = 0; k + whole < 4; k++)
        {
            ulong value = _limbs[k + whole] >> rest;
            if (rest != 0 && k + whole + 1 < 4)
            {
                value |= _limbs[k + whole + 1] << (64 - rest);
            }
            result._limbs[k] = value;
        }
        return result;
    }

    /// <summary>The low 128 bits.</summary>
    public readonly UInt128 Low128 => new(_limbs[1], _limbs[0]);

    public static UInt256 Add(in UInt256 x, in UInt256 y)
    {
        var result = default(UInt256);
        ulong carry = 0;
        for (int k = 0; k < 4; k++)
        {
            ulong sum = x._limbs[k] + y._limbs[k];
            ulong carryOut = sum < x._limbs[k] ? 1UL : 0;
            ulong total = sum + carry;
            carryOut += total < sum ? 1UL : 0;
            result._limbs[k] = total;
            carry = carryOut;
        }
        return result;
    }

    /// <summary><paramref name="x"/> − <paramref name="y"/> − <paramref name="borrowIn"/>, for x at least y + borrowIn.</summary>
    public static UInt256 Subtract(in UInt256 x, in UInt256 y, ulong borrowIn = 0)
    {
        var result = default(UInt256);
        ulong borrow = borrowIn;
        for (int k = 0; k < 4; k++)
        {
            ulong difference = x._limbs[k] - y._limbs[k];
            ulong borrowOut = x._limbs[k] < y._limbs[k] ? 1UL : 0;
            ulong total = difference - borrow;
            borrowOut += difference < borrow ? 1UL : 0;
            result._limbs[k] = total;
            borrow = borrowOut;
        }
        return result;
    }

    public static int Compare(in UInt256 x, in UInt256 y)
    {
        for (int k = 3; k >= 0; k--)
        {
            if (x._limbs[k] != y._limbs[k])
            {
                return x._limbs[k] < y._limbs[k] ? -1 : 1;
            }
        }
        return 0;
    }

    /// <summary>The rare software-assist paths build their exact values as BigInteger (at most 256 bits).</summary>
    public static UInt256 FromBigInteger(BigInteger value)
    {
        var result = default(UInt256);
        var mask = (BigInteger)ulong.MaxValue;
        for (int k = 0; k < 4; k++)
        {
            result._limbs[k] = (ulong)((value >> (64 * k)) & mask);
        }
        return result;
    }
}
