namespace Ivm.Emulator.Memory;

/// <summary>What a guest page allows, as in mmap's PROT_READ / PROT_WRITE / PROT_EXEC.</summary>
[Flags]
public enum PagePermissions : byte
{
    None = 0,
    Read = 1,
    Write = 2,
    Execute = 4,
}
