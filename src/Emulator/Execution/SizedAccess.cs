using Ivm.Emulator.Memory;

namespace Ivm.Emulator.Execution;

/// <summary>1-, 2-, 4- and 8-byte little-endian guest accesses selected by size (zero-extended on load).</summary>
internal static class SizedAccess
{
    public static ulong Load(GuestMemory memory, ulong address, int size) => size switch
    {
        1 => memory.Read8(address),
        2 => memory.Read16(address),
        4 => memory.Read32(address),
        _ => memory.Read64(address),
    };

    public static void Store(GuestMemory memory, ulong address, int size, ulong value)
    {
        switch (size)
        {
            case 1: memory.Write8(address, (byte)value); break;
            case 2: memory.Write16(address, (ushort)value); break;
            case 4: memory.Write32(address, (uint)value); break;
            default: memory.Write64(address, value); break;
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
