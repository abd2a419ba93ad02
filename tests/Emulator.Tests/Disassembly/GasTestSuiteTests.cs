using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Ivm.Emulator.Elf;
using Ivm.Emulator.Tests.Oracle;
using Ivm.Tools.IsaDiff;
using Xunit;
using Xunit.Abstractions;
using IvmDisassembler = Ivm.Emulator.Disassembly.Disassembler;

namespace Ivm.Emulator.Tests.Disassembly;

/// <summary>
/// The GNU assembler's own IA-64 test suite, taken at test time from Debian's binutils-source
/// package (it is GPL, so it is never committed here): every .s that the installed assembler accepts
/// (with the options its .d file names) is assembled, and our listing of the object must equal
/// objdump -d's, line for line.
/// </summary>
public sealed partial class GasTestSuiteTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryAssemblableTestFileDisassemblesExactlyAsObjdump()
    {
        string dir = Paths.NewTempDirectory("gas-suite");
        try
        {
            string suite = ExtractSuite(dir);
            var summary = new StringBuilder();
            var failures = new StringBuilder();
            int files = 0, bundles = 0, lines = 0, mismatchedLines = 0;
            foreach (string source in Directory.GetFiles(suite, "*.s").OrderBy(f => f, StringComparer.Ordinal))
            {
                string name = Path.GetFileName(source);
                string obj = Path.Combine(dir, Path.ChangeExtension(name, ".o"));
                var (ok, error) = Assemble(source, AssemblerOptions(source), obj);
                if (!ok)
                {
                    summary.Append($"  not assembled: {name}: {error}\n");
                    continue;
                }

                var expected = ObjdumpOracle.DisassembleElf(obj);
                var actual = ObjdumpOracle.InstructionLines(IvmDisassembler.Elf(ElfFile.Load(obj), obj));
                var (compared, mismatched, report) = LineDiff.Compare(expected, actual, show: 10);
                files++;
                lines += compared;
                bundles += expected.Count(l => l.Contains("\t[", StringComparison.Ordinal));
                mismatchedLines += mismatched;
                if (mismatched > 0)
                {
                    failures.Append($"{name}: {mismatched} of {compared} lines differ\n{report}");
                }
            }

            output.WriteLine($"gas IA-64 test suite: {files} files assembled and compared, {bundles} bundles, {lines} lines, {mismatchedLines} mismatched");
            output.WriteLine(summary.ToString());
            Assert.True(files >= 40, $"only {files} test files assembled; is binutils-source complete?\n{summary}");
            Assert.True(mismatchedLines == 0, failures.ToString());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string ExtractSuite(string dir)
    {
        string? tarball = Directory.Exists("/usr/src/binutils")
            ? Directory.GetFiles("/usr/src/binutils", "binutils-*.tar.*").FirstOrDefault()
            : null;
        Assert.True(tarball is not null,
            "the GNU as test suite comes from Debian's binutils-source package: apt-get install binutils-source");
        ObjdumpOracle.Run("tar", $"-xf \"{tarball}\" -C \"{dir}\" --wildcards \"*/gas/testsuite/gas/ia64/*\"");
        return Directory.GetDirectories(dir, "ia64", SearchOption.AllDirectories).Single();
    }

    /// <summary>
    /// The assembler options the test suite's own driver uses: the "#as:" line of the test's .d file,
    /// or for a listing test the options ia64.exp passes to run_list_test.
    /// </summary>
    private static string AssemblerOptions(string source)
    {
        string d = Path.ChangeExtension(source, ".d");
        if (File.Exists(d))
        {
            foreach (string line in File.ReadLines(d))
            {
                var m = AsLine().Match(line);
                if (m.Success)
                {
                    return m.Groups[1].Value.Trim();
                }
            }
        }

        string exp = Path.Combine(Path.GetDirectoryName(source)!, "ia64.exp");
        string name = Path.GetFileNameWithoutExtension(source);
        if (File.Exists(exp))
        {
            foreach (Match m in ListTest().Matches(File.ReadAllText(exp)))
            {
                if (m.Groups[1].Value == name)
                {
                    return m.Groups[2].Value.Trim();
                }
            }
        }

        return "";
    }

    private static (bool Ok, string Error) Assemble(string source, string options, string obj)
    {
        var info = new ProcessStartInfo("ia64-linux-gnu-as", $"{options} -o \"{obj}\" \"{source}\"")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = Path.GetDirectoryName(source)!,
        };
        using var p = Process.Start(info)!;

        // Drain both pipes at once: the dependency-violation tests write far more diagnostics than a
        // pipe holds, and reading them one after the other would deadlock with the assembler.
        var stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = p.StandardError.ReadToEnd();
        stdout.Wait();
        p.WaitForExit();
        string firstError = stderr.Split('\n').FirstOrDefault(l => l.Contains("Error", StringComparison.Ordinal)) ?? stderr.Trim();
        return (p.ExitCode == 0 && File.Exists(obj), firstError);
    }

    [GeneratedRegex(@"^#\s*as:(.*)$")]
    private static partial Regex AsLine();

    [GeneratedRegex(@"run_list_test\s+""([^""]+)""\s+""([^""]*)""")]
    private static partial Regex ListTest();
}
