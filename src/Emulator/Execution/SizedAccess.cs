using Ivm.Emulator.Memory;

namespace Ivm.Emulator.Execution;

/// <summary>1-, 2-, 4- and 8-byte little-endian guest accesses selected by size (zero-extended on load).</summary>
internal static class SizedAccess
{
    public static ulong Load(GuestMemory memory, ulong address, int size) => size switch
    {
        1 => Size1.Load(memory, address),
        2 => Size2.Load(memory, address),
        4 => Size4.Load(memory, address),
        _ => Size8.Load(memory, address),
    };

    public static void Store(GuestMemory memory, ulong address, int size, ulong value)
    {
        switch (size)
        {
            case 1: Size1.Store(memory, address, value); break;
            case 2: Size2.Store(memory, address, value); break;
            case 4: Size4.Store(memory, address, value); break;
            default: Size8.Store(memory, address, value); break;
        }
    }
}

/// <summary>One access size as a type, so a handler generic over it is compiled once per size.</summary>
internal interface IAccessSize
{
    static abstract int Bytes { get; }

    static abstract ulong Load(GuestMemory memory, ulong address);

    static abstract void Store(GuestMemory memory, ulong address, ulong value);
}

internal readonly struct Size1 : IAccessSize
{
    public static int Bytes => 1;

    public static ulong Load(GuestMemory memory, ulong address) => memory.Read8(address);

    public static void Store(GuestMemory memory, ulong address, ulong value) => memory.Write8(address, (byte)value);
}

internal readonly struct Size2 : IAccessSize
{
    public static int Bytes => 2;

    public static ulong Load(GuestMemory memory, ulong address) => memory.Read16(address);

    public static void Store(GuestMemory memory, ulong address, ulong value) => memory.Write16(address, (ushort)value);
}

internal readonly struct Size4 : IAccessSize
{
    public static int Bytes => 4;

    public static ulong Load(GuestMemory memory, ulong address) => memory.Read32(address);

    public static void Store(GuestMemory memory, ulong address, ulong value) => memory.Write32(address, (uint)value);
}

internal readonly struct Size8 : IAccessSize
{
    public static int Bytes => 8;

    public static ulong Load(GuestMemory memory, ulong address) => memory.Read64(address);

    public static void Store(GuestMemory memory, ulong address, ulong value) => memory.Write64(address, value);
}
