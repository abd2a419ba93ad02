using System.Text;
using Ivm.Emulator.Elf;
using Ivm.Emulator.Linux;
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
            var output = new MemoryStream();
            var warnings = new StringWriter();
            var process = ProcessLoader.Load(ElfFile.Load(program), program, [program, file], [],
                new LinuxStreams(new MemoryStream(), output, new MemoryStream(), warnings));
            process.Run(10_000_000);
            string text = Encoding.UTF8.GetString(output.ToArray());
            Assert.True(process.ShellStatus == 0, $"{text}\n{warnings}\n{process.Fault}");
            Assert.DoesNotContain("not ok", text, StringComparison.Ordinal);
            Assert.Equal(10, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void UnknownSystemCallWarnsOnceAndReturnsEnosys()
    {
        string program = Path.Combine(Paths.TestPrograms, "linux", "unknown_call");
        var warnings = new StringWriter();
        var process = ProcessLoader.Load(ElfFile.Load(program), program, [program], [],
            new LinuxStreams(new MemoryStream(), new MemoryStream(), new MemoryStream(), warnings));
        process.Run(1_000_000);

        // The program exits with the errno it got back (ENOSYS = 38) after calling twice.
        Assert.Equal(38, process.ShellStatus);
        string[] lines = warnings.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("system call 1999", lines[0], StringComparison.Ordinal);
    }
}
