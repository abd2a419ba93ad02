using Ivm.Emulator.Elf;
using Ivm.Emulator.Tests.Oracle;
using Ivm.Tools.IsaDiff;
using Xunit;
using IvmDisassembler = Ivm.Emulator.Disassembly.Disassembler;

namespace Ivm.Emulator.Tests.Disassembly;

/// <summary>
/// Every program the build assembles (guests/ and this project's Programs/) round-trips: our listing
/// of the linked executable and of its object equals objdump -d's, line for line.
/// </summary>
public sealed class GuestRoundTripTests
{
    public static TheoryData<string> Programs()
    {
        var data = new TheoryData<string>();
        foreach (string root in new[] { Paths.Guests, Paths.TestPrograms })
        {
            foreach (string file in Directory.GetFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(Paths.Repository, file));
            }
        }

        return data;
    }

    [Fact]
    public void TheBuildAssembledGuestsAndTestPrograms()
    {
        Assert.NotEmpty(Directory.GetFiles(Paths.Guests, "*.o", SearchOption.AllDirectories));
        Assert.NotEmpty(Directory.GetFiles(Paths.TestPrograms, "*.o", SearchOption.AllDirectories));
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void DisassemblyMatchesObjdump(string relativePath)
    {
        string path = Path.Combine(Paths.Repository, relativePath);
        var expected = ObjdumpOracle.DisassembleElf(path);
        var actual = ObjdumpOracle.InstructionLines(IvmDisassembler.Elf(ElfFile.Load(path), path));
        var (compared, mismatched, report) = LineDiff.Compare(expected, actual);
        Assert.True(compared > 0, $"{relativePath}: objdump shows no code");
        Assert.True(mismatched == 0, $"{relativePath}: {mismatched} of {compared} lines differ:\n{report}");
    }
}
