namespace Ivm.Emulator.Linux;

/// <summary>
/// Where Linux/ia64 puts a user process: the memory stack and the register backing store in region 3
/// (the stack grows down from its top, the backing store up from its base, as the kernel sets them
/// up), anonymous mmaps from region 1.
/// </summary>
public static class AddressSpaceLayout
{
    public const ulong StackTop = 0x6000_0fff_ffff_c000;
    public const ulong StackSize = 8UL << 20;
    public const ulong BackingStoreBase = 0x6000_0800_0000_0000;
    public const ulong BackingStoreSize = 16UL << 20;
    public const ulong MmapBase = 0x2000_0000_0000_0000;

    /// <summary>ar.fpsr as Linux starts a process: all traps disabled, sf0 round-to-nearest, 64-bit precision.</summary>
    public const ulong InitialFpsr = 0x0009_804c_0270_033f;

    /// <summary>ar.rsc at process start: enforced-lazy mode, little-endian, privilege level 3.</summary>
    public const ulong InitialRsc = 0xc;
}
