using System.Diagnostics;
using System.Text;
using Ivm.Emulator.Elf;
using Ivm.Emulator.Linux;
using Ivm.Emulator.Memory;
using Ivm.Emulator.Tests.Execution;
using Ivm.Emulator.Tests.Oracle;
using Xunit;

namespace Ivm.Emulator.Tests.Linux;

/// <summary>
/// Snapshots of a process parked in a system call (<see cref="ProcessSnapshot"/> version 2): a sleep
/// travels as the time still to sleep and re-arms against the restoring emulator's clock, a read of
/// standard input travels as its buffer and count and completes when input reaches the restored
/// process; the output of the two halves is that of an uninterrupted run.
/// </summary>
public sealed class ParkedSnapshotTests
{
    private static readonly string s_counter = Path.Combine(Paths.Guests, "counter", "counter");
    private static readonly string s_echo = Path.Combine(Paths.Guests, "echo", "echo");

    [Fact]
    public void ASleepingProgramContinuesWithTheSleepItHadLeftOnTheNewClock()
    {
        var first = Load(s_counter, new MemoryStream(), out var firstOutput);
        first.Run(10_000_000);
        Assert.Equal(ProcessWait.Timer, first.Waiting);
        Assert.Equal("count 0\n", Text(firstOutput));

        // Save half-way through the 200 ms sleep; restore only after the original wake time has
        // passed: a wake time stored as a timestamp would wake at once, the remaining time does not.
        SleepUntil(first.WakeTimestamp - Stopwatch.Frequency / 10);
        long saveStart = Stopwatch.GetTimestamp();
        var snapshot = new MemoryStream();
        ProcessSnapshot.Save(first, snapshot);
        long saveEnd = Stopwatch.GetTimestamp();
        SleepUntil(first.WakeTimestamp + Stopwatch.Frequency / 10);

        snapshot.Position = 0;
        var secondOutput = new MemoryStream();
        long restoreStart = Stopwatch.GetTimestamp();
        var second = ProcessSnapshot.Restore(snapshot, Streams(new MemoryStream(), secondOutput));
        long restoreEnd = Stopwatch.GetTimestamp();

        Assert.Equal(ProcessWait.Timer, second.Waiting);
        Assert.True(second.ParksOnBlockingCalls);
        Assert.InRange(second.WakeTimestamp, restoreStart + (first.WakeTimestamp - saveEnd) - 2, restoreEnd + (first.WakeTimestamp - saveStart));

        RunUntil(second, secondOutput, "count 3\n");
        Assert.Equal(Counted(4), Text(firstOutput) + Text(secondOutput));
        Assert.Null(second.Fault);
    }

    [Fact]
    public void AProgramWaitingForInputStillWaitsAfterRestoreAndReadsWhatArrives()
    {
        var input = new PollableInput();
        var first = Load(s_echo, input, out var firstOutput);
        input.Add("one\n"u8);
        first.Run(1_000_000);
        Assert.Equal(ProcessWait.Input, first.Waiting);
        Assert.Equal("one\n", Text(firstOutput));

        var snapshot = new MemoryStream();
        ProcessSnapshot.Save(first, snapshot);
        snapshot.Position = 0;
        var restoredInput = new PollableInput();
        var secondOutput = new MemoryStream();
        var second = ProcessSnapshot.Restore(snapshot, Streams(restoredInput, secondOutput));

        // Nothing to read yet: the restored process stays parked and runs nothing.
        Assert.Equal(ProcessWait.Input, second.Waiting);
        second.Run(1_000_000);
        Assert.Equal(ProcessWait.Input, second.Waiting);
        Assert.Equal(0, second.Vcpu.Instructions);

        restoredInput.Add("two\n"u8);
        second.Run(1_000_000);
        restoredInput.End();
        second.Run(1_000_000);
        Assert.Equal(0, second.ExitStatus);
        Assert.Equal("one\ntwo\n", Text(firstOutput) + Text(secondOutput));
    }

    [Fact]
    public void AParkedReadCompletesAtOnceFromAnInputThatNeverBlocks()
    {
        var input = new PollableInput();
        var first = Load(s_echo, input, out _);
        first.Run(1_000_000);
        Assert.Equal(ProcessWait.Input, first.Waiting);
        var snapshot = new MemoryStream();
        ProcessSnapshot.Save(first, snapshot);

        snapshot.Position = 0;
        var output = new MemoryStream();
        var second = ProcessSnapshot.Restore(snapshot, Streams(new MemoryStream("typed ahead\n"u8.ToArray()), output));
        second.Run(1_000_000);
        Assert.Equal(0, second.ExitStatus);
        Assert.Equal("typed ahead\n", Text(output));
    }

    [Fact]
    public void ExecutionStateAndMemoryShippedApartRestoreTheSameProcess()
    {
        var first = Load(s_counter, new MemoryStream(), out var firstOutput);
        first.Run(10_000_000);
        Assert.Equal(ProcessWait.Timer, first.Waiting);

        var memory = new MemoryStream();
        first.Memory.Save(memory);
        var state = new MemoryStream();
        ProcessSnapshot.SaveExecutionState(first, state);
        var whole = new MemoryStream();
        ProcessSnapshot.Save(first, whole);
        Assert.Equal(state.Length + memory.Length, whole.Length);

        memory.Position = state.Position = 0;
        var secondOutput = new MemoryStream();
        var second = ProcessSnapshot.RestoreExecutionState(state, GuestMemory.Restore(memory), Streams(new MemoryStream(), secondOutput));
        RunUntil(second, secondOutput, "count 2\n");
        Assert.Equal(Counted(3), Text(firstOutput) + Text(secondOutput));
    }

    [Fact]
    public void ARunnableProgramStillRestoresExactlyBetweenInstructions()
    {
        string path = Path.Combine(Paths.TestPrograms, "execution", "control");
        var whole = TestProcess.Start(path);
        whole.Process.Run(long.MaxValue);

        var first = TestProcess.Start(path);
        first.Process.Run(12_345);
        var state = new MemoryStream();
        ProcessSnapshot.SaveExecutionState(first.Process, state);
        state.Position = 0;
        var output = new MemoryStream();
        var second = ProcessSnapshot.RestoreExecutionState(state, first.Process.Memory, Streams(new MemoryStream(), output));
        Assert.Equal(ProcessWait.None, second.Waiting);
        Assert.False(second.ParksOnBlockingCalls);
        second.Run(long.MaxValue);
        Assert.Equal(whole.Process.ShellStatus, second.ShellStatus);
        Assert.Equal(whole.Output, first.Output + Text(output));
    }

    [Fact]
    public void EveryTruncationOfAParkedSnapshotIsRejected()
    {
        var input = new PollableInput();
        var process = Load(s_echo, input, out _);
        process.Run(1_000_000);
        var state = new MemoryStream();
        ProcessSnapshot.SaveExecutionState(process, state);
        byte[] bytes = state.ToArray();
        for (int length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() => ProcessSnapshot.RestoreExecutionState(new MemoryStream(bytes, 0, length), process.Memory, Streams(new MemoryStream(), new MemoryStream())));
        }

        var whole = new MemoryStream();
        ProcessSnapshot.Save(process, whole);
        byte[] all = whole.ToArray();
        foreach (int length in new[] { bytes.Length, bytes.Length + 1, bytes.Length + 100, all.Length / 2, all.Length - 1 })
        {
            Assert.Throws<InvalidDataException>(() => ProcessSnapshot.Restore(new MemoryStream(all, 0, length), Streams(new MemoryStream(), new MemoryStream())));
        }
    }

    [Fact]
    public void CorruptOrOlderSnapshotsAreRejected()
    {
        var process = Load(s_counter, new MemoryStream(), out _);
        process.Run(10_000_000);
        var state = new MemoryStream();
        ProcessSnapshot.SaveExecutionState(process, state);
        byte[] good = state.ToArray();

        // The format-1 magic: a snapshot from before parked calls were saved.
        var older = (byte[])good.Clone();
        older[7] = 1;
        var error = Reject(older);
        Assert.Contains("version", error.Message, StringComparison.Ordinal);

        // The wait kind follows magic (8), breaks (16), flags (1) and the monotonic clock (8).
        var badWait = (byte[])good.Clone();
        Assert.Equal((byte)ProcessWait.Timer, badWait[33]);
        badWait[33] = 7;
        Assert.Contains("wait kind 7", Reject(badWait).Message, StringComparison.Ordinal);

        var badFlags = (byte[])good.Clone();
        badFlags[24] = 0x80;
        Reject(badFlags);

        var badEnd = (byte[])good.Clone();
        badEnd[^1] ^= 0xff;
        Reject(badEnd);
    }

    private static InvalidDataException Reject(byte[] bytes) => Assert.Throws<InvalidDataException>(() =>
        ProcessSnapshot.RestoreExecutionState(new MemoryStream(bytes), new GuestMemory(), Streams(new MemoryStream(), new MemoryStream())));

    private static LinuxProcess Load(string path, Stream input, out MemoryStream output)
    {
        output = new MemoryStream();
        var process = ProcessLoader.Load(ElfFile.Load(path), path, [path], [], Streams(input, output));
        process.ParksOnBlockingCalls = true;
        return process;
    }

    private static LinuxStreams Streams(Stream input, MemoryStream output) => new(input, output, new MemoryStream(), new StringWriter());

    private static string Text(MemoryStream stream) => Encoding.ASCII.GetString(stream.ToArray());

    private static string Counted(int lines) => string.Concat(Enumerable.Range(0, lines).Select(n => $"count {n}\n"));

    /// <summary>Runs a parked-mode process, sleeping through its timer waits, until its output ends with <paramref name="last"/>.</summary>
    private static void RunUntil(LinuxProcess process, MemoryStream output, string last)
    {
        var limit = Stopwatch.StartNew();
        while (!Text(output).EndsWith(last, StringComparison.Ordinal))
        {
            Assert.True(limit.Elapsed < TimeSpan.FromSeconds(30), $"no \"{last.TrimEnd()}\" after 30 s; output so far: {Text(output)}");
            Assert.Null(process.ShellStatus);
            if (process.Waiting == ProcessWait.Timer)
            {
                SleepUntil(process.WakeTimestamp);
            }

            process.Run(10_000_000);
        }
    }

    private static void SleepUntil(long timestamp)
    {
        long left = timestamp - Stopwatch.GetTimestamp();
        if (left > 0)
        {
            Thread.Sleep(TimeSpan.FromSeconds((double)left / Stopwatch.Frequency) + TimeSpan.FromMilliseconds(1));
        }
    }
}
