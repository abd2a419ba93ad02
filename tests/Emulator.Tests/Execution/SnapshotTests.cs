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

        var first = TestProcess.Start(path);
        first.Process.Run(stopAfter);
        Assert.Null(first.Process.ShellStatus);

        var snapshot = new MemoryStream();
        ProcessSnapshot.Save(first.Process, snapshot);
        snapshot.Position = 0;
        var second = TestProcess.Restore(snapshot);
        second.Process.Run(long.MaxValue);

        Assert.Equal(wholeStatus, second.Process.ShellStatus);
        Assert.Equal(whole, first.Output + second.Output);
    }

    [Fact]
    public void DamagedSnapshotsAreRejected()
    {
        string path = Path.Combine(Paths.TestPrograms, "execution", "control");
        var test = TestProcess.Start(path);
        test.Process.Run(5000);
        var snapshot = new MemoryStream();
        ProcessSnapshot.Save(test.Process, snapshot);
        byte[] bytes = snapshot.ToArray();
        Assert.Throws<InvalidDataException>(() => ProcessSnapshot.Restore(new MemoryStream(bytes[..(bytes.Length / 2)]), TestProcess.NewStreams(new MemoryStream(), new MemoryStream(), new StringWriter())));
        bytes[0] ^= 0xff;
        Assert.Throws<InvalidDataException>(() => ProcessSnapshot.Restore(new MemoryStream(bytes), TestProcess.NewStreams(new MemoryStream(), new MemoryStream(), new StringWriter())));
    }

    private static (string Output, int? Status) RunWhole(string path)
    {
        var test = TestProcess.Start(path);
        test.Process.Run(long.MaxValue);
        return (test.Output, test.Process.ShellStatus);
    }
}
