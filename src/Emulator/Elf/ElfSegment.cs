namespace Ivm.Emulator.Elf;

/// <summary>A program header (ELF64 Phdr): what the loader maps.</summary>
public sealed record ElfSegment(
    uint Type,
    uint Flags,
    ulong Offset,
    ulong VirtualAddress,
    ulong FileSize,
    ulong MemorySize,
    ulong Alignment)
{
    public const uint TypeLoad = 1;
    public const uint TypeDynamic = 2;
    public const uint TypeInterpreter = 3;
    public const uint TypeTls = 7;
    public const uint FlagExecute = 1;
    public const uint FlagWrite = 2;
    public const uint FlagRead = 4;
}
