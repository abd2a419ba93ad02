using Ivm.Emulator.Tests.Oracle;
using Xunit;

namespace Ivm.Emulator.Tests.Execution;

/// <summary>
/// The self-checking IA-64 programs under Programs/execution (one per instruction group, assembled
/// by the build with GNU as): each compares results with values worked out by hand and prints
/// "ok NAME" or "not ok NAME"; the interpreter must run each to exit status 0 with no "not ok".
/// </summary>
public sealed class SelfCheckingProgramTests
{
    public static TheoryData<string> Programs()
    {
        var data = new TheoryData<string>();
        string dir = Path.Combine(Paths.TestPrograms, "execution");
        foreach (string file in Directory.GetFiles(dir).Where(f => Path.GetExtension(f).Length == 0).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void ProgramPassesEveryCheck(string name)
    {
        var (status, output, errors) = Run(Path.Combine(Paths.TestPrograms, "execution", name));
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 0, $"{name} printed nothing; stderr: {errors}");
        Assert.True(lines.All(l => l.StartsWith("ok ", StringComparison.Ordinal)), $"{name}:\n{output}\n{errors}");
        Assert.True(status == 0, $"{name} exited with {status}\n{output}\n{errors}");
    }

    internal static (int? Status, string Output, string Errors) Run(string path, long maxInstructions = 50_000_000)
    {
        var test = TestProcess.Start(path);
        test.Process.Run(maxInstructions);
        return (test.Process.ShellStatus, test.Output, test.Errors);
    }
}
