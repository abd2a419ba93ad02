namespace Ivm.Emulator.Cpu;

/// <summary>
/// Address arithmetic of the register backing store: registers occupy consecutive 8-byte slots, except
/// that the slot whose address bits 8:3 are all ones (every 64th) holds the NaT collection of the 63
/// registers below it instead of a register.
/// </summary>
public static class BackingStoreAddress
{
    /// <summary>The slot number within its 64-slot group; 63 is the NaT collection slot.</summary>
    public static int SlotOf(ulong address) => (int)(address >> 3) & 0x3f;

    public static bool IsCollection(ulong address) => SlotOf(address) == 63;

    /// <summary>The address <paramref name="registers"/> register slots above (or below, if negative) <paramref name="address"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static ulong Skip(ulong address, int registers)
    {
        int slot = SlotOf(address);
        if (registers >= 0)
        {
            long total = registers + (slot + registers) / 63;
            return address + (ulong)(total * 8);
        }

        int down = -registers;
        long back = down + (62 - slot + down) / 63;
        return address - (ulong)(back * 8);
    }

    /// <summary>How many registers lie between two backing-store addresses (collection slots excluded).</summary>
    public static int RegistersBetween(ulong low, ulong high)
    {
        long slots = (long)(high - low) / 8;
        long collections = (SlotOf(low) + slots) / 64;
        return (int)(slots - collections);
    }
}
