using System.Buffers.Binary;
using System.Text;

namespace Ivm.Emulator.Elf;

/// <summary>
/// An IA-64 ELF64 file (relocatable object, executable or shared object) read fully into memory:
/// header, sections, segments and symbols. Every structural problem raises
/// <see cref="ElfFormatException"/> naming the offending field, never an index or cast exception.
/// </summary>
public sealed class ElfFile
{
    public const ushort MachineIa64 = 50;
    public const ushort TypeRelocatable = 1;
    public const ushort TypeExecutable = 2;
    public const ushort TypeShared = 3;

    private readonly byte[] _data;

    private ElfFile(byte[] data, ushort type, ulong entry, IReadOnlyList<ElfSection> sections,
        IReadOnlyList<ElfSegment> segments, IReadOnlyList<ElfSymbol> symbols)
    {
        _data = data;
        FileType = type;
        Entry = entry;
        Sections = sections;
        Segments = segments;
        Symbols = symbols;
    }

    public ushort FileType { get; }
    public ulong Entry { get; }
    public IReadOnlyList<ElfSection> Sections { get; }
    public IReadOnlyList<ElfSegment> Segments { get; }

    /// <summary>File offset of the program header table (a loader passes its mapped address as AT_PHDR).</summary>
    public ulong ProgramHeaderOffset { get; private init; }

    /// <summary>Symbols of .symtab (or .dynsym when the file has no .symtab), without the null entry.</summary>
    public IReadOnlyList<ElfSymbol> Symbols { get; }

    public ReadOnlySpan<byte> Contents(ElfSection section) =>
        section.Type == ElfSection.TypeNoBits ? [] : _data.AsSpan((int)section.Offset, (int)section.Size);

    public ReadOnlySpan<byte> Contents(ElfSegment segment) =>
        _data.AsSpan((int)segment.Offset, (int)segment.FileSize);

    public static ElfFile Load(string path) => Parse(File.ReadAllBytes(path));

    /// <summary>Parses an in-memory image; only little-endian ELF64 for IA-64 is accepted.</summary>
    public static ElfFile Parse(byte[] data)
    {
        if (data.Length < 4 || data[0] != 0x7f || data[1] != (byte)'E' || data[2] != (byte)'L' || data[3] != (byte)'F')
        {
            throw new ElfFormatException("not an ELF file (no \\x7fELF magic number)");
        }

        if (data.Length < 64)
        {
            throw new ElfFormatException($"truncated ELF header: {data.Length} bytes, an ELF64 header needs 64");
        }

        if (data[4] != 2)
        {
            throw new ElfFormatException($"ELF class {data[4]} is not ELFCLASS64 (2): IA-64 files are 64-bit");
        }

        if (data[5] != 1)
        {
            throw new ElfFormatException($"ELF data encoding {data[5]} is not little-endian (1), which IA-64 Linux uses");
        }

        var span = data.AsSpan();
        ushort type = U16(span, 16);
        ushort machine = U16(span, 18);
        if (machine != MachineIa64)
        {
            throw new ElfFormatException($"machine {machine} ({MachineName(machine)}) is not IA-64 ({MachineIa64})");
        }

        ulong entry = U64(span, 24);
        ulong phoff = U64(span, 32), shoff = U64(span, 40);
        ushort phentsize = U16(span, 54), phnum = U16(span, 56), shentsize = U16(span, 58), shnum = U16(span, 60);
        ushort shstrndx = U16(span, 62);

        var segments = new List<ElfSegment>();
        if (phnum > 0)
        {
            RequireTable(data, phoff, phentsize, phnum, 56, "program header table");
            for (int i = 0; i < phnum; i++)
            {
                var p = span[(int)(phoff + (ulong)(i * phentsize))..];
                var seg = new ElfSegment(U32(p, 0), U32(p, 4), U64(p, 8), U64(p, 16), U64(p, 32), U64(p, 40), U64(p, 48));
                RequireRange(data, seg.Offset, seg.FileSize, $"segment {i}");
                segments.Add(seg);
            }
        }

        var raw = new List<(uint Name, uint Type, ulong Flags, ulong Addr, ulong Off, ulong Size, uint Link, ulong EntSize)>();
        if (shnum > 0)
        {
            RequireTable(data, shoff, shentsize, shnum, 64, "section header table");
            for (int i = 0; i < shnum; i++)
            {
                var s = span[(int)(shoff + (ulong)(i * shentsize))..];
                raw.Add((U32(s, 0), U32(s, 4), U64(s, 8), U64(s, 16), U64(s, 24), U64(s, 32), U32(s, 40), U64(s, 56)));
            }
        }

        if (raw.Count > 0 && shstrndx >= raw.Count)
        {
            throw new ElfFormatException($"section name table index {shstrndx} is beyond the {raw.Count} sections");
        }

        var sections = new List<ElfSection>();
        for (int i = 0; i < raw.Count; i++)
        {
            var r = raw[i];
            if (r.Type != ElfSection.TypeNoBits)
            {
                RequireRange(data, r.Off, r.Size, $"section {i}");
            }

            string name = raw.Count > 0 ? ReadString(data, raw[shstrndx].Off, raw[shstrndx].Size, r.Name) : "";
            sections.Add(new ElfSection(i, name, r.Type, r.Flags, r.Addr, r.Off, r.Size, r.Link, r.EntSize));
        }

        var symbols = ReadSymbols(data, sections);
        return new ElfFile(data, type, entry, sections, segments, symbols) { ProgramHeaderOffset = phoff };
    }

    private static List<ElfSymbol> ReadSymbols(byte[] data, List<ElfSection> sections)
    {
        const uint dynamicSymbols = 11;
        var table = sections.FirstOrDefault(s => s.Type == ElfSection.TypeSymbolTable)
            ?? sections.FirstOrDefault(s => s.Type == dynamicSymbols);
        var symbols = new List<ElfSymbol>();
        if (table is null || table.EntrySize == 0)
        {
            return symbols;
        }

        if (table.Link >= sections.Count)
        {
            throw new ElfFormatException($"symbol table {table.Name} links to missing string table {table.Link}");
        }

        var strings = sections[(int)table.Link];
        for (ulong offset = table.EntrySize; offset + 24 <= table.Size; offset += table.EntrySize)
        {
            var e = data.AsSpan((int)(table.Offset + offset));
            string name = ReadString(data, strings.Offset, strings.Size, U32(e, 0));
            symbols.Add(new ElfSymbol(name, U64(e, 8), U64(e, 16), e[4], e[5], U16(e, 6)));
        }

        return symbols;
    }

    private static void RequireTable(byte[] data, ulong offset, ushort entrySize, ushort count, int minimum, string what)
    {
        if (entrySize < minimum)
        {
            throw new ElfFormatException($"{what} entry size {entrySize} is smaller than the {minimum} bytes ELF64 needs");
        }

        RequireRange(data, offset, (ulong)entrySize * count, what);
    }

    private static void RequireRange(byte[] data, ulong offset, ulong size, string what)
    {
        if (offset > (ulong)data.Length || size > (ulong)data.Length - offset)
        {
            throw new ElfFormatException(
                $"truncated file: {what} spans bytes {offset}..{offset + size} but the file has {data.Length}");
        }
    }

    private static string ReadString(byte[] data, ulong tableOffset, ulong tableSize, uint index)
    {
        if (index >= tableSize)
        {
            throw new ElfFormatException($"string index {index} is beyond its table of {tableSize} bytes");
        }

        int start = (int)(tableOffset + index);
        int end = Array.IndexOf(data, (byte)0, start, (int)(tableSize - index));
        return Encoding.UTF8.GetString(data, start, (end < 0 ? (int)(tableOffset + tableSize) : end) - start);
    }

    private static string MachineName(ushort machine) => machine switch
    {
        3 => "i386",
        8 => "MIPS",
        20 => "PowerPC",
        21 => "PowerPC64",
        40 => "ARM",
        62 => "x86-64",
        183 => "AArch64",
        243 => "RISC-V",
        _ => "unknown",
    };

    private static ushort U16(ReadOnlySpan<byte> s, int o) => BinaryPrimitives.ReadUInt16LittleEndian(s[o..]);
    private static uint U32(ReadOnlySpan<byte> s, int o) => BinaryPrimitives.ReadUInt32LittleEndian(s[o..]);
    private static ulong U64(ReadOnlySpan<byte> s, int o) => BinaryPrimitives.ReadUInt64LittleEndian(s[o..]);
}
