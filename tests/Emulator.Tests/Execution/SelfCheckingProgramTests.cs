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
    /// <summary>Every program, interpreted bundle by bundle and translated from its first entry.</summary>
    public static TheoryData<string, Engine> Programs()
    {
        var data = new TheoryData<string, Engine>();
        string dir = Path.Combine(Paths.TestPrograms, "execution");
        foreach (string file in Directory.GetFiles(dir).Where(f => Path.GetExtension(f).Length == 0).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file), Engine.Interpret);
            data.Add(Path.GetFileName(file), Engine.Translate);
        }

        return data;
    }

    public enum Engine { Interpret, Translate }

    [Theory]
    [MemberData(nameof(Programs))]
    public void ProgramPassesEveryCheck(string name, Engine engine)
    {
        var (status, output, errors) = Run(Path.Combine(Paths.TestPrograms, "execution", name), engine: engine);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 0, $"{name} printed nothing; stderr: {errors}");
        Assert.True(lines.All(l => l.StartsWith("ok ", StringComparison.Ordinal)), $"{name}:\n{output}\n{errors}");
        Assert.True(status == 0, $"{name} exited with {status}\n{output}\n{errors}");
    }

    internal static (int? Status, string Output, string Errors) Run(string path, long maxInstructions = 50_000_000, Engine engine = Engine.Translate)
    {
        var test = TestProcess.Start(path);
        test.Process.Vcpu.Translate = engine == Engine.Translate;
        test.Process.Vcpu.TranslationThreshold = 1;
        test.Process.Vcpu.TranslateInBackground = false;
        test.Process.Run(maxInstructions);
        return (test.Process.ShellStatus, test.Output, test.Errors);
    }
}
