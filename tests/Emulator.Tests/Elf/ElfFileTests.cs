using System.Globalization;
using System.Text.RegularExpressions;
using Ivm.Emulator.Elf;
using Ivm.Emulator.Tests.Oracle;
using Ivm.Tools.IsaDiff;
using Xunit;

namespace Ivm.Emulator.Tests.Elf;

/// <summary>The ELF reader against GNU readelf's view of the same files.</summary>
public sealed partial class ElfFileTests
{
    private static string Hello => Path.Combine(Paths.Guests, "hello", "hello");

    [Fact]
    public void EntryPointAndSegmentsMatchReadelf()
    {
        var elf = ElfFile.Load(Hello);
        string header = ObjdumpOracle.Run("ia64-linux-gnu-readelf", $"-h -l -W \"{Hello}\"");
        var entry = EntryLine().Match(header);
        Assert.True(entry.Success, header);
        Assert.Equal(ulong.Parse(entry.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture), elf.Entry);
        Assert.Equal(ElfFile.TypeExecutable, elf.FileType);

        var loads = LoadLine().Matches(header).Select(m => (
            Offset: Convert.ToUInt64(m.Groups[1].Value, 16),
            Address: Convert.ToUInt64(m.Groups[2].Value, 16),
            FileSize: Convert.ToUInt64(m.Groups[3].Value, 16),
            MemorySize: Convert.ToUInt64(m.Groups[4].Value, 16))).ToList();
        var ours = elf.Segments.Where(s => s.Type == ElfSegment.TypeLoad)
            .Select(s => (s.Offset, s.VirtualAddress, s.FileSize, s.MemorySize)).ToList();
        Assert.NotEmpty(loads);
        Assert.Equal(loads, ours);
    }

    [Fact]
    public void SectionsAndSymbolsMatchReadelf()
    {
        var elf = ElfFile.Load(Hello);
        string sections = ObjdumpOracle.Run("ia64-linux-gnu-readelf", $"-S -W \"{Hello}\"");
        var expected = SectionLine().Matches(sections)
            .Select(m => (m.Groups[1].Value, Convert.ToUInt64(m.Groups[2].Value, 16), Convert.ToUInt64(m.Groups[3].Value, 16)))
            .ToList();
        var ours = elf.Sections.Skip(1).Select(s => (s.Name, s.Address, s.Size)).ToList();
        Assert.Equal(expected, ours);

        string symbols = ObjdumpOracle.Run("ia64-linux-gnu-readelf", $"-s -W \"{Hello}\"");
        var start = Regex.Match(symbols, @"([0-9a-f]{16})\s+\d+\s+FUNC\s+GLOBAL\s+DEFAULT\s+\d+\s+_start");
        Assert.True(start.Success, symbols);
        Assert.Equal(Convert.ToUInt64(start.Groups[1].Value, 16), elf.Symbols.Single(s => s.Name == "_start").Value);
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 }, "not an ELF file")]
    [InlineData(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1 }, "truncated ELF header")]
    public void MalformedInputIsRejectedWithAReason(byte[] data, string reason)
    {
        var e = Assert.Throws<ElfFormatException>(() => ElfFile.Parse(data));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedSectionTableIsRejectedWithAReason()
    {
        byte[] data = File.ReadAllBytes(Hello);
        var e = Assert.Throws<ElfFormatException>(() => ElfFile.Parse(data[..(data.Length - 100)]));
        Assert.Contains("truncated file", e.Message, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"Entry point address:\s+0x([0-9a-f]+)")]
    private static partial Regex EntryLine();

    [GeneratedRegex(@"^\s+LOAD\s+0x([0-9a-f]+) 0x([0-9a-f]+) 0x[0-9a-f]+ 0x([0-9a-f]+) 0x([0-9a-f]+)", RegexOptions.Multiline)]
    private static partial Regex LoadLine();

    [GeneratedRegex(@"^\s+\[\s*\d+\]\s+(\S+)\s+\S+\s+([0-9a-f]{16})\s+[0-9a-f]+\s+([0-9a-f]+)", RegexOptions.Multiline)]
    private static partial Regex SectionLine();
}
