namespace Ivm.Emulator.Elf;

/// <summary>A section header (ELF64 Shdr) with its resolved name.</summary>
public sealed record ElfSection(
    int Index,
    string Name,
    uint Type,
    ulong Flags,
    ulong Address,
    ulong Offset,
    ulong Size,
    uint Link,
    ulong EntrySize)
{
    public const uint TypeNoBits = 8;
    public const uint TypeSymbolTable = 2;
    public const uint TypeRelocationsWithAddends = 4;
    public const uint TypeRelocations = 9;
    public const ulong FlagAlloc = 0x2;
    public const ulong FlagExecute = 0x4;

    /// <summary>True for sections objdump -d disassembles: allocated, executable, with file contents.</summary>
    public bool IsRelocations => Type is TypeRelocations or TypeRelocationsWithAddends;

    public bool IsCode => (Flags & FlagExecute) != 0 && (Flags & FlagAlloc) != 0 && Type != TypeNoBits;
}
