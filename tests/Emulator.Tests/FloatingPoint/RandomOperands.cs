namespace Ivm.Emulator.Tests.FloatingPoint;

/// <summary>
/// Operands that reach the corners of an fma: any bit pattern, denormals, values near the edges of
/// the exponent range, zeros, infinities, NaNs, and addends that nearly cancel the product.
/// </summary>
internal sealed class RandomOperands(int seed, bool includeNaN)
{
    private readonly Random _random = new(seed);

    public (double A, double B, double C) NextDoubles()
    {
        var a = NextDouble();
        var b = NextDouble();
        double c = _random.Next(8) == 0 ? -(a * b) * (1 + (_random.NextDouble() - 0.5) * 1e-12) : NextDouble();
        return (a, b, c);
    }

    public (float A, float B, float C) NextSingles()
    {
        var a = NextSingle();
        var b = NextSingle();
        float c = _random.Next(8) == 0 ? -(a * b) * (1 + (_random.NextSingle() - 0.5f) * 1e-5f) : NextSingle();
        return (a, b, c);
    }

    private double NextDouble()
    {
        ulong sign = (ulong)_random.Next(2) << 63;
        ulong fraction = (ulong)_random.NextInt64() & 0xFFFFFFFFFFFFFUL;
        if (_random.Next(3) == 0)
        {
            fraction &= ~0UL << _random.Next(53); // few significant bits: exact and tie cases
        }
        ulong exponent = _random.Next(12) switch
        {
            0 => 0,                                          // denormal or zero
            1 => (ulong)_random.Next(1, 60),                 // just above denormal
            2 => (ulong)_random.Next(1990, 2047),            // near overflow
            3 => (ulong)_random.Next(480, 560),              // products land near the bottom
            4 when _random.Next(8) == 0 => 0x7FF,            // infinity or NaN
            _ => (ulong)_random.Next(900, 1150),
        };
        if (exponent == 0x7FF && (!includeNaN || _random.Next(2) == 0))
        {
            fraction = 0;
        }
        if (exponent == 0 && _random.Next(4) == 0)
        {
            fraction = 0;
        }
        return BitConverter.UInt64BitsToDouble(sign | exponent << 52 | fraction);
    }

    private float NextSingle()
    {
        uint sign = (uint)_random.Next(2) << 31;
        uint fraction = (uint)_random.Next() & 0x7FFFFF;
        if (_random.Next(3) == 0)
        {
            fraction &= ~0u << _random.Next(24);
        }
        uint exponent = _random.Next(12) switch
        {
            0 => 0,
            1 => (uint)_random.Next(1, 30),
            2 => (uint)_random.Next(225, 255),
            3 => (uint)_random.Next(40, 90),
            4 when _random.Next(8) == 0 => 0xFF,
            _ => (uint)_random.Next(100, 155),
        };
        if (exponent == 0xFF && (!includeNaN || _random.Next(2) == 0))
        {
            fraction = 0;
        }
        if (exponent == 0 && _random.Next(4) == 0)
        {
            fraction = 0;
        }
        return BitConverter.UInt32BitsToSingle(sign | exponent << 23 | fraction);
    }
}
