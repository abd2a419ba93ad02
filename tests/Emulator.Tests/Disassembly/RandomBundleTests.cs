using System.Globalization;
using Ivm.Emulator.Tests.Oracle;
using Ivm.Tools.IsaDiff;
using Xunit;
using Xunit.Abstractions;

namespace Ivm.Emulator.Tests.Disassembly;

/// <summary>
/// Differential test against GNU objdump over random bundles: every template (reserved ones too),
/// every slot pattern, legal or not. The seed is fixed for CI; IVM_DISASM_SEED picks another and
/// IVM_DISASM_BUNDLES the count.
/// </summary>
public sealed class RandomBundleTests(ITestOutputHelper output)
{
    private const int DefaultSeed = 20261125;
    private const int DefaultBundles = 200_000;

    [Fact]
    public void RandomBundlesDisassembleExactlyAsObjdump()
    {
        int seed = EnvInt("IVM_DISASM_SEED", DefaultSeed);
        int bundles = EnvInt("IVM_DISASM_BUNDLES", DefaultBundles);
        var code = new byte[bundles * 16];
        new Random(seed).NextBytes(code);

        string dir = Paths.NewTempDirectory("random");
        try
        {
            string path = Path.Combine(dir, "random.bin");
            File.WriteAllBytes(path, code);
            var expected = ObjdumpOracle.DisassembleRaw(path);
            var actual = ObjdumpOracle.OursRaw(code);
            var (compared, mismatched, report) = LineDiff.Compare(expected, actual);
            output.WriteLine($"seed {seed}: {bundles} bundles, {compared} lines compared, {mismatched} mismatched");
            Assert.True(expected.Count >= bundles * 3, $"objdump printed only {expected.Count} lines for {bundles} bundles");
            Assert.True(mismatched == 0, $"seed {seed}: {mismatched} of {compared} lines differ from objdump:\n{report}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : fallback;
}
