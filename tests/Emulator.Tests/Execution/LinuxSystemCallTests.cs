using Ivm.Emulator.Tests.Oracle;
using Xunit;

namespace Ivm.Emulator.Tests.Execution;

/// <summary>System calls that reach the host: a program reads a file the test wrote and checks each result.</summary>
public sealed class LinuxSystemCallTests
{
    [Fact]
    public void FileCallsReadAHostFile()
    {
        string file = Path.Combine(Path.GetTempPath(), $"ivm-files-{Environment.ProcessId}.txt");
        File.WriteAllText(file, "hello file\n");
        try
        {
            string program = Path.Combine(Paths.TestPrograms, "linux", "files");
            var test = TestProcess.Start(program, file);
            test.Process.Run(10_000_000);
            string text = test.Output;
            Assert.True(test.Process.ShellStatus == 0, $"{text}\n{test.Errors}");
            Assert.DoesNotContain("not ok", text, StringComparison.Ordinal);
            Assert.Equal(10, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void ThreadLocalStorageIsSetUpFromPtTls() => PassesEveryCheck("tls", terminals: 0, checks: 6);

    [Fact]
    public void TerminalDescriptorsAnswerTerminalRequests() => PassesEveryCheck("terminal", terminals: 0b010, checks: 6);

    // A self-checking program under Programs/linux: exit status 0 and every one of its checks "ok".
    private static void PassesEveryCheck(string program, int terminals, int checks)
    {
        var test = TestProcess.Start(Path.Combine(Paths.TestPrograms, "linux", program), terminals);
        test.Process.Run(1_000_000);
        Assert.True(test.Process.ShellStatus == 0, $"{test.Output}\n{test.Errors}");
        Assert.DoesNotContain("not ok", test.Output, StringComparison.Ordinal);
        Assert.Equal(checks, test.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void UnknownSystemCallWarnsOnceAndReturnsEnosys()
    {
        string program = Path.Combine(Paths.TestPrograms, "linux", "unknown_call");
        var test = TestProcess.Start(program);
        test.Process.Run(1_000_000);

        // The program exits with the errno it got back (ENOSYS = 38) after calling twice.
        Assert.Equal(38, test.Process.ShellStatus);
        string[] lines = test.Warnings.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("system call 1999", lines[0], StringComparison.Ordinal);
    }
}
