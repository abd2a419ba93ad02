using Ivm.Emulator.Elf;

namespace Ivm.Emulator.Disassembly;

/// <summary>A symbol as the disassembler ranks it: its address, section name and kind.</summary>
public sealed record DisassemblySymbol(string Name, ulong Value, ulong Size, string Section, bool IsFunction,
    bool IsObject, bool IsLocal, bool IsGlobal)
{
    private const ushort SectionUndefined = 0;
    private const ushort SectionAbsolute = 0xfff1;
    private const ushort SectionCommon = 0xfff2;

    /// <summary>
    /// The symbols worth naming in a listing, as objdump keeps them: named, defined, and neither
    /// section nor file symbols.
    /// </summary>
    public static List<DisassemblySymbol> FromElf(ElfFile elf)
    {
        var result = new List<DisassemblySymbol>();
        foreach (var s in elf.Symbols)
        {
            bool significant = s.Name.StartsWith(".plt", StringComparison.Ordinal) || s.Name.StartsWith(".got", StringComparison.Ordinal);
            if (s.Name.Length == 0
                || (s.Type is ElfSymbol.TypeSection or ElfSymbol.TypeFile && !significant)
                || s.SectionIndex is SectionUndefined or SectionCommon)
            {
                continue;
            }

            string section = s.SectionIndex == SectionAbsolute ? "*ABS*"
                : s.SectionIndex < elf.Sections.Count ? elf.Sections[s.SectionIndex].Name
                : "*UND*";
            ulong value = s.Value;
            if (elf.FileType == ElfFile.TypeRelocatable && s.SectionIndex < elf.Sections.Count)
            {
                value += elf.Sections[s.SectionIndex].Address;
            }

            result.Add(new DisassemblySymbol(s.Name, value, s.Size, section, s.Type == ElfSymbol.TypeFunction,
                s.Type == ElfSymbol.TypeObject, s.Binding == ElfSymbol.BindLocal, s.Binding == ElfSymbol.BindGlobal));
        }

        return result;
    }
}
