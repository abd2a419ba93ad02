namespace Ivm.Emulator.Memory;

/// <summary>What a page allows, as mmap/mprotect and the ELF segment flags express it.</summary>
[Flags]
public enum PagePermissions : byte
{
    None = 0,
    Read = 1,
    Write = 2,
    Execute = 4,
}
