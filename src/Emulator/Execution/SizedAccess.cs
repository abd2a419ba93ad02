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
