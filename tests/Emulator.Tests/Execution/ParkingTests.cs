using System.Diagnostics;
using System.Text;
using Ivm.Emulator.Elf;
using Ivm.Emulator.Linux;
using Ivm.Emulator.Tests.Linux;
using Ivm.Emulator.Tests.Oracle;
using Xunit;

namespace Ivm.Emulator.Tests.Execution;

/// <summary>
/// Parking mode (<see cref="LinuxProcess.ParksOnBlockingCalls"/>): nanosleep and a read of an empty
/// pollable standard input end Run without blocking, and the call completes on a later Run with the
/// result a blocking call would have given.
/// </summary>
public sealed class ParkingTests
{
    [Fact]
    public void NanosleepParksUntilItsWakeTimeAndThenCompletesWithZero()
    {
        var output = new MemoryStream();
        var streams = new LinuxStreams(new MemoryStream(), output, new MemoryStream(), new StringWriter());
        string path = Path.Combine(Paths.Guests, "counter", "counter");
        var process = ProcessLoader.Load(ElfFile.Load(path), path, [path], [], streams);
        process.ParksOnBlockingCalls = true;

        // The counter prints "count 0" then sleeps 200 ms: Run returns at once, parked, not blocked.
        // (Blocking mode never reports a Timer wait: the sleep would be over when Run returns.)
        long before = Stopwatch.GetTimestamp();
        process.Run(10_000_000);
        long after = Stopwatch.GetTimestamp();
        Assert.Equal(ProcessWait.Timer, process.Waiting);
        Assert.Equal("count 0\n", Encoding.ASCII.GetString(output.ToArray()));
        long pause = Stopwatch.Frequency / 5;
        Assert.InRange(process.WakeTimestamp, before + pause, after + pause);
        double sleepMs = Math.Max(0, (process.WakeTimestamp - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency);

        // Before the wake time a Run does nothing.
        if (Stopwatch.GetTimestamp() < process.WakeTimestamp - Stopwatch.Frequency / 50)
        {
            long instructions = process.Vcpu.Instructions;
            process.Run(10_000_000);
            Assert.Equal(instructions, process.Vcpu.Instructions);
            Assert.Equal(ProcessWait.Timer, process.Waiting);
        }

        // After it the call returns 0 (r8 = 0, r10 = 0) and the loop goes on to the next line.
        Thread.Sleep(TimeSpan.FromMilliseconds(sleepMs + 5));
        process.Run(10_000_000);
        Assert.Equal(ProcessWait.Timer, process.Waiting);
        Assert.Equal("count 0\ncount 1\n", Encoding.ASCII.GetString(output.ToArray()));
        Assert.Null(process.Fault);
    }

    [Fact]
    public void ReadOfEmptyInputParksAndCompletesWithTheBytesThatArrive()
    {
        var input = new PollableInput();
        var output = new MemoryStream();
        var streams = new LinuxStreams(input, output, new MemoryStream(), new StringWriter());
        string path = Path.Combine(Paths.Guests, "echo", "echo");
        var process = ProcessLoader.Load(ElfFile.Load(path), path, [path], [], streams);
        process.ParksOnBlockingCalls = true;

        process.Run(1_000_000);
        Assert.Equal(ProcessWait.Input, process.Waiting);
        long instructions = process.Vcpu.Instructions;
        process.Run(1_000_000);
        Assert.Equal(instructions, process.Vcpu.Instructions);

        input.Add("hello\n"u8);
        process.Run(1_000_000);
        Assert.Equal(ProcessWait.Input, process.Waiting);
        Assert.Equal("hello\n", Encoding.ASCII.GetString(output.ToArray()));

        // End of input: the parked read returns 0 and echo exits with status 0.
        input.End();
        process.Run(1_000_000);
        Assert.Equal(ProcessWait.None, process.Waiting);
        Assert.Equal(0, process.ExitStatus);
    }

    [Fact]
    public void BlockingModeIsTheDefault()
    {
        var streams = new LinuxStreams(new MemoryStream(), new MemoryStream(), new MemoryStream(), new StringWriter());
        string path = Path.Combine(Paths.Guests, "counter", "counter");
        var process = ProcessLoader.Load(ElfFile.Load(path), path, [path], [], streams);
        Assert.False(process.ParksOnBlockingCalls);

        // Without parking the 200 ms sleep blocks inside Run; a small budget still ends the run.
        var clock = Stopwatch.StartNew();
        while (process.Vcpu.Instructions < 2_000)
        {
            process.Run(1_000);
        }

        Assert.True(clock.ElapsedMilliseconds >= 150, $"slept only {clock.ElapsedMilliseconds} ms");
        Assert.Equal(ProcessWait.None, process.Waiting);
    }
}
