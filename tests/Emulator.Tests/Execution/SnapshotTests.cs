using System.Text;
using Ivm.Emulator.Elf;
using Ivm.Emulator.Linux;
using Ivm.Emulator.Tests.Oracle;
using Xunit;

namespace Ivm.Emulator.Tests.Execution;

/// <summary>
/// A program snapshotted at an arbitrary instruction and restored into a fresh emulator continues
/// exactly: its complete output equals that of an uninterrupted run.
/// </summary>
public sealed class SnapshotTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(777)]
    [InlineData(30_001)]
    [InlineData(60_000)]
    public void RestoredProgramContinuesExactly(long stopAfter)
    {
        string path = Path.Combine(Paths.TestPrograms, "execution", "control");
        var (whole, wholeStatus) = RunWhole(path);

        var first = new MemoryStream();
        var process = ProcessLoader.Load(ElfFile.Load(path), path, [path], [], Streams(first));
        process.Run(stopAfter);
        Assert.Null(process.ShellStatus);

        var snapshot = new MemoryStream();
        ProcessSnapshot.Save(process, snapshot);
        snapshot.Position = 0;
        var second = new MemoryStream();
        var restored = ProcessSnapshot.Restore(snapshot, Streams(second));
        restored.Run(long.MaxValue);

        Assert.Equal(wholeStatus, restored.ShellStatus);
        Assert.Equal(whole, Encoding.UTF8.GetString(first.ToArray()) + Encoding.UTF8.GetString(second.ToArray()));
    }

    [Fact]
    public void DamagedSnapshotsAreRejected()
    {
        string path = Path.Combine(Paths.TestPrograms, "execution", "control");
        var process = ProcessLoader.Load(ElfFile.Load(path), path, [path], [], Streams(new MemoryStream()));
        process.Run(5000);
        var snapshot = new MemoryStream();
        ProcessSnapshot.Save(process, snapshot);
        byte[] bytes = snapshot.ToArray();
        Assert.Throws<InvalidDataException>(() => ProcessSnapshot.Restore(new MemoryStream(bytes[..(bytes.Length / 2)]), Streams(new MemoryStream())));
        bytes[0] ^= 0xff;
        Assert.Throws<InvalidDataException>(() => ProcessSnapshot.Restore(new MemoryStream(bytes), Streams(new MemoryStream())));
    }

    private static (string Output, int? Status) RunWhole(string path)
    {
        var output = new MemoryStream();
        var process = ProcessLoader.Load(ElfFile.Load(path), path, [path], [], Streams(output));
        process.Run(long.MaxValue);
        return (Encoding.UTF8.GetString(output.ToArray()), process.ShellStatus);
    }

    private static LinuxStreams Streams(MemoryStream output) => new(new MemoryStream(), output, new MemoryStream(), new StringWriter());
}
