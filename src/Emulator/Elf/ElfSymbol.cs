namespace Ivm.Emulator.Elf;

/// <summary>A symbol table entry (ELF64 Sym).</summary>
public sealed record ElfSymbol(string Name, ulong Value, ulong Size, byte Info, byte Other, ushort SectionIndex)
{
    public const byte TypeNoType = 0;
    public const byte TypeObject = 1;
    public const byte TypeFunction = 2;
    public const byte TypeSection = 3;
    public const byte TypeFile = 4;
    public const byte BindLocal = 0;
    public const byte BindGlobal = 1;
    public const byte BindWeak = 2;

    public byte Type => (byte)(Info & 0xf);
    public byte Binding => (byte)(Info >> 4);
}
