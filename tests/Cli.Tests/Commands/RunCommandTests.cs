using Xunit;

namespace Ivm.Cli.Tests.Commands;

/// <summary>hpvm run as a user meets it: the program's output and exit status, and one-line errors.</summary>
public sealed class RunCommandTests
{
    private static string Guest(string name) => Path.Combine(HpvmProcess.Repository(), "guests", "bin", "ia64", name, name);

    [Fact]
    public void RunsAProgramWithItsOutputAndExitStatus()
    {
        var (code, stdout, stderr) = HpvmProcess.Run("run", Guest("hello"));
        Assert.True(code == 0, stderr);
        Assert.Equal("Hello from an IA-64 guest on Ivm!\n", stdout);
        Assert.Equal("", stderr);
    }

    [Fact]
    public void StatsAndTraceGoToStandardError()
    {
        var (code, stdout, stderr) = HpvmProcess.Run("run", "--stats", "--trace", Guest("hello"));
        Assert.Equal(0, code);
        Assert.Equal("Hello from an IA-64 guest on Ivm!\n", stdout);
        Assert.Contains("alloc r14=ar.pfs,3,0,0", stderr, StringComparison.Ordinal);
        Assert.Contains("hpvm run: 10 instructions in", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void InterpretedAndTranslatedRunsAgree()
    {
        // fib(32) runs long enough for its hot code to be translated.
        string fib = Path.Combine(HpvmProcess.Repository(), "guests", "bin", "ia64", "bench", "fib");
        var translated = HpvmProcess.Run("run", "--stats", fib);
        var interpreted = HpvmProcess.Run("run", "--stats", "--interpret", fib);
        Assert.Equal(0, translated.ExitCode);
        Assert.Equal(translated.ExitCode, interpreted.ExitCode);
        Assert.Equal("fib(32) 2178309\n", translated.Stdout);
        Assert.Equal(translated.Stdout, interpreted.Stdout);
        string Count(string stderr) => stderr.Split(' ')[2];
        Assert.Equal(Count(translated.Stderr), Count(interpreted.Stderr));
    }

    [Fact]
    public void MaxInstructionsStopsTheProgramWithStatus124()
    {
        var (code, stdout, stderr) = HpvmProcess.Run("run", "--max-insns", "3", Guest("counter"));
        Assert.Equal(124, code);
        Assert.Equal("", stdout);
        Assert.Contains("stopped after 3 instructions", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing", "no such file")]
    [InlineData("object", "is not an executable")]
    [InlineData("text", "not an ELF file")]
    public void BadProgramsGetOneClearLine(string kind, string expected)
    {
        string path = kind switch
        {
            "missing" => "/nonexistent/program",
            "object" => Guest("hello") + ".o",
            _ => Path.Combine(HpvmProcess.Repository(), "README.md"),
        };
        var (code, _, stderr) = HpvmProcess.Run("run", path);
        Assert.Equal(1, code);
        string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("hpvm run: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void DynamicExecutablesAreRefusedWithOneClearLine()
    {
        // A real dynamically linked (PIE) IA-64 executable, built with the same binutils the build uses.
        string dir = Directory.CreateTempSubdirectory("ivm-dynamic-").FullName;
        try
        {
            string source = Path.Combine(dir, "dynamic.s"), obj = Path.Combine(dir, "dynamic.o"), exe = Path.Combine(dir, "dynamic");
            File.WriteAllText(source, "\t.text\n\t.global _start\n_start:\n\tmov r15 = 1025\n\tbreak.i 0x100000\n");
            Tool("ia64-linux-gnu-as", "-o", obj, source);
            Tool("ia64-linux-gnu-ld", "-pie", "-e", "_start", "--dynamic-linker", "/lib/ld-linux-ia64.so.2", "-o", exe, obj);

            var (code, stdout, stderr) = HpvmProcess.Run("run", exe);
            Assert.Equal(1, code);
            Assert.Equal("", stdout);
            string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(lines);
            Assert.Contains("is a dynamically linked executable", lines[0], StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Tool(string name, params string[] arguments)
    {
        var info = new System.Diagnostics.ProcessStartInfo(name) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(info)!;
        string errors = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{name} failed: {errors}");
    }
}
