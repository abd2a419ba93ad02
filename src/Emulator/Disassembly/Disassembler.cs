using System.Text;
using Ivm.Emulator.Elf;

namespace Ivm.Emulator.Disassembly;

/// <summary>
/// Produces whole listings in GNU objdump's layout: <see cref="Elf"/> like <c>objdump -d</c> (every
/// executable section, split into blocks at symbols, branch targets named after symbols) and
/// <see cref="Raw"/> like <c>objdump -D -b binary -m ia64</c> (flat code at address 0).
/// </summary>
public static class Disassembler
{
    public static string Raw(ReadOnlySpan<byte> code, string fileName)
    {
        var sb = new StringBuilder();
        sb.Append('\n').Append(fileName).Append(":     file format binary\n\n\n");
        sb.Append("Disassembly of section .data:\n\n0000000000000000 <.data>:\n");
        var listing = new InstructionListing(0, (ulong)code.Length, PlainAddressFormatter.Instance);
        listing.Append(sb, code, 0, 0, code.Length, readLimit: code.Length);

        return sb.ToString();
    }

    public static string Elf(ElfFile elf, string fileName)
    {
        var sb = new StringBuilder();
        sb.Append('\n').Append(fileName).Append(":     file format elf64-ia64-little\n\n");
        var symbols = DisassemblySymbol.FromElf(elf);
        // objdump's HAS_RELOC: the file carries relocation sections (not merely "is an object file").
        bool relocatable = elf.Sections.Any(s => s.IsRelocations);
        foreach (var section in elf.Sections)
        {
            if (!section.IsCode || section.Size == 0)
            {
                continue;
            }

            AppendSection(sb, elf, section, symbols, relocatable);
        }

        return sb.ToString();
    }

    private static void AppendSection(StringBuilder sb, ElfFile elf, ElfSection section, List<DisassemblySymbol> symbols, bool relocatable)
    {
        sb.Append("\nDisassembly of section ").Append(section.Name).Append(":\n");
        var data = elf.Contents(section);
        ulong start = section.Address, end = section.Address + section.Size;
        var names = new SymbolizedAddressFormatter(symbols, section.Name, start, end, relocatable);
        var listing = new InstructionListing(start, end, names);
        var sorted = names.Sorted;

        // Walk the section in blocks that end where the next symbol of this section begins, as
        // objdump does: each block starts with a label line and decoding restarts at its first byte.
        var symbol = names.Find(start, requireSection: true, out int place);
        int offset = 0, stop = data.Length;
        while (offset < stop)
        {
            ulong address = start + (ulong)offset;
            sb.Append('\n').Append(names.FormatLabel(symbol, address)).Append(":\n");
            DisassemblySymbol? next;
            if (symbol is not null && symbol.Value > address)
            {
                next = symbol;
            }
            else if (symbol is null)
            {
                next = null;
            }
            else
            {
                while (place < sorted.Count && !(sorted[place].Section == section.Name && sorted[place].Value > symbol.Value))
                {
                    place++;
                }

                next = place < sorted.Count ? sorted[place] : null;
            }

            long nextStop = symbol is not null && symbol.Value > address ? (long)(symbol.Value - start)
                : next is null ? stop
                : (long)(next.Value - start);
            if (nextStop > stop || nextStop <= offset)
            {
                nextStop = stop;
            }

            listing.Append(sb, data, start, offset, (int)nextStop, readLimit: (int)nextStop);

            offset = (int)nextStop;
            symbol = next;
        }
    }
}
