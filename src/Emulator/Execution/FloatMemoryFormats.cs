using System.Runtime.CompilerServices;
using Ivm.Emulator.Cpu;
using Ivm.Emulator.FloatingPoint;
using Ivm.Emulator.Memory;

namespace Ivm.Emulator.Execution;

/// <summary>
/// One memory format of the FP loads and stores as a type, so a handler generic over it is compiled
/// once per format with the conversion inlined. Loads never round: every memory value has an exact
/// register form (<see cref="Float82"/>'s memory conversions).
/// </summary>
internal interface IFloatMemoryFormat
{
    /// <summary>The access size, which is also the required alignment.</summary>
    static abstract int Bytes { get; }

    /// <summary>Whether a NaTVal register may be stored (only the spill format keeps it).</summary>
    static abstract bool StoresNaTVal { get; }

    static abstract FloatRegister Load(GuestMemory memory, ulong address);

    static abstract void Store(GuestMemory memory, ulong address, FloatRegister value);
}

/// <summary>ldf8/stf8: the significand as an 8-byte integer (setf.sig's form).</summary>
internal readonly struct Integer8Format : IFloatMemoryFormat
{
    public static int Bytes => 8;

    public static bool StoresNaTVal => false;

    public static FloatRegister Load(GuestMemory memory, ulong address) => FloatRegister.FromInteger(memory.Read64(address));

    public static void Store(GuestMemory memory, ulong address, FloatRegister value) => memory.Write64(address, value.Significand);
}

/// <summary>ldf.fill/stf.spill: the register whole, significand in the low 8 bytes, sign and exponent in bits 81:64.</summary>
internal readonly struct SpillFormat : IFloatMemoryFormat
{
    public static int Bytes => 16;

    public static bool StoresNaTVal => true;

    public static FloatRegister Load(GuestMemory memory, ulong address)
    {
        UInt128 bits = memory.Read128(address);
        return new FloatRegister((ulong)bits, (uint)(bits >> 64) & (FloatRegister.SignBit | FloatRegister.ExponentMask));
    }

    public static void Store(GuestMemory memory, ulong address, FloatRegister value) =>
        memory.Write128(address, new UInt128(value.SignExponent, value.Significand));
}

/// <summary>ldfs/stfs: IEEE single precision.</summary>
internal readonly struct SingleFormat : IFloatMemoryFormat
{
    public static int Bytes => 4;

    public static bool StoresNaTVal => false;

    public static FloatRegister Load(GuestMemory memory, ulong address) =>
        FloatArithmeticInstructions.FromCore(Float82.FromSingleBits(memory.Read32(address)));

    public static void Store(GuestMemory memory, ulong address, FloatRegister value) =>
        memory.Write32(address, FloatArithmeticInstructions.ToCore(value).ToSingleBits());
}

/// <summary>ldfd/stfd: IEEE double precision.</summary>
internal readonly struct DoubleFormat : IFloatMemoryFormat
{
    public static int Bytes => 8;

    public static bool StoresNaTVal => false;

    public static FloatRegister Load(GuestMemory memory, ulong address) =>
        FloatArithmeticInstructions.FromCore(Float82.FromDoubleBits(memory.Read64(address)));

    public static void Store(GuestMemory memory, ulong address, FloatRegister value) =>
        memory.Write64(address, FloatArithmeticInstructions.ToCore(value).ToDoubleBits());
}

/// <summary>ldfe/stfe: the 10-byte double-extended format, 16-byte aligned.</summary>
internal readonly struct ExtendedFormat : IFloatMemoryFormat
{
    public static int Bytes => 16;

    public static bool StoresNaTVal => false;

    // Kept out of line: the stack buffer would otherwise cost every caller a cookie check.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static FloatRegister Load(GuestMemory memory, ulong address)
    {
        Span<byte> ten = stackalloc byte[10];
        memory.Read(address, ten);
        return FloatArithmeticInstructions.FromCore(Float82.FromExtended(ten));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Store(GuestMemory memory, ulong address, FloatRegister value)
    {
        Span<byte> ten = stackalloc byte[10];
        FloatArithmeticInstructions.ToCore(value).ToExtended(ten);
        memory.Write(address, ten);
    }
}
