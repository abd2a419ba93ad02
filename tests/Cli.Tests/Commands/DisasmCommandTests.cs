using System.Diagnostics;
using Xunit;

namespace Ivm.Cli.Tests.Commands;

/// <summary>hpvm disasm end to end: real process, real files, objdump as the reference.</summary>
public sealed class DisasmCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ivm-cli-").FullName;

    private static string Hello => Path.Combine(HpvmProcess.Repository(), "guests", "bin", "ia64", "hello", "hello");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void DisassemblesAnExecutableAsObjdumpDoes()
    {
        var (code, stdout, stderr) = HpvmProcess.Run("disasm", Hello);
        Assert.True(code == 0, stderr);
        Assert.Equal(InstructionLines(Objdump("-d", Hello)), InstructionLines(stdout));
    }

    [Fact]
    public void RawModeDisassemblesFlatCodeAsObjdumpDoes()
    {
        string raw = Path.Combine(_dir, "code.bin");
        var bytes = new byte[16 * 64];
        new Random(3).NextBytes(bytes);
        File.WriteAllBytes(raw, bytes);
        var (code, stdout, stderr) = HpvmProcess.Run("disasm", "--raw", raw);
        Assert.True(code == 0, stderr);
        Assert.Equal(InstructionLines(Objdump("-D -b binary -m ia64", raw)), InstructionLines(stdout));
    }

    public static TheoryData<string, string> BadFiles() => new()
    {
        { "missing", "no such file" },
        { "empty", "not an ELF file" },
        { "text", "not an ELF file" },
        { "truncated-header", "truncated ELF header" },
        { "truncated-body", "truncated file" },
        { "x86-64", "is not IA-64" },
        { "32-bit", "is not ELFCLASS64" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void BadInputGivesOneClearLineAndNonZeroExit(string kind, string expected)
    {
        string path = Path.Combine(_dir, kind);
        byte[] hello = File.ReadAllBytes(Hello);
        switch (kind)
        {
            case "missing": break;
            case "empty": File.WriteAllBytes(path, []); break;
            case "text": File.WriteAllText(path, "#!/bin/sh\necho not a binary\n"); break;
            case "truncated-header": File.WriteAllBytes(path, hello[..40]); break;
            case "truncated-body": File.WriteAllBytes(path, hello[..(hello.Length / 2)]); break;
            case "x86-64": File.Copy(Environment.ProcessPath!, path); break;
            case "32-bit":
                hello[4] = 1;
                File.WriteAllBytes(path, hello);
                break;
        }

        var (code, stdout, stderr) = HpvmProcess.Run("disasm", path);
        Assert.NotEqual(0, code);
        Assert.Equal("", stdout);
        var lines = stderr.TrimEnd('\n').Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("hpvm disasm: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(45)]
    public void RawModeEndsAPartialBundleAsObjdumpDoes(int length)
    {
        string path = Path.Combine(_dir, "partial.bin");
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        var (code, stdout, stderr) = HpvmProcess.Run("disasm", "--raw", path);
        Assert.True(code == 0, stderr);
        var ours = InstructionLines(stdout);
        Assert.Contains(ours, l => l.Contains("is out of bounds.", StringComparison.Ordinal));
        Assert.Equal(InstructionLines(Objdump("-D -b binary -m ia64", path)), ours);
    }

    private static string Objdump(string options, string path)
    {
        var info = new ProcessStartInfo("ia64-linux-gnu-objdump", $"{options} \"{path}\"") { RedirectStandardOutput = true };
        using var p = Process.Start(info)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return output;
    }

    private static List<string> InstructionLines(string text) =>
        text.Split('\n').Where(l => l.Contains(":\t", StringComparison.Ordinal) && !l.StartsWith("Disassembly", StringComparison.Ordinal)).ToList();
}
