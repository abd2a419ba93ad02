extern alias agent;

using System.Diagnostics;
using System.Text;
using agent::Ivm.Host.Consoles;
using agent::Ivm.Host.Scheduling;
using Ivm.Emulator.Elf;
using Ivm.Emulator.Linux;
using Xunit;
using Xunit.Abstractions;

namespace Ivm.Host.Tests;

/// <summary>
/// Pausing a vCPU (what suspend and migration do before saving it): the scheduler's real workers
/// running real guest programs. A paused vCPU runs nothing, whatever it was doing — spinning,
/// sleeping, waiting for input — and Unpause puts it back exactly there, with its fair share.
/// </summary>
public sealed class SchedulerPauseTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task APausedSpinnerRunsNothingAndGetsItsShareBackAfterUnpause()
    {
        using var scheduler = new EntitlementScheduler(cores: 1);
        var a = NewVcpu(Paths.Spin, entitlement: 50);
        var b = NewVcpu(Paths.Spin, entitlement: 50);
        scheduler.Add(a.Vcpu);
        scheduler.Add(b.Vcpu);
        await WaitUntil(() => a.Instructions > 1_000_000 && b.Instructions > 1_000_000, "both spinners to run");

        Assert.True(await scheduler.PauseAsync(a.Vcpu).WaitAsync(Patience));
        Assert.True(scheduler.IsPaused(a.Vcpu));
        long instructions = a.Instructions, ticks = a.Vcpu.CpuTicks, otherBefore = b.Vcpu.CpuTicks;
        var paused = Stopwatch.StartNew();
        await Task.Delay(400);
        Assert.Equal(instructions, a.Instructions);
        Assert.Equal(ticks, a.Vcpu.CpuTicks);
        double otherShare = (b.Vcpu.CpuTicks - otherBefore) / (double)paused.ElapsedTicks;
        output.WriteLine($"while a was paused b had {otherShare:P0} of the core");
        Assert.InRange(otherShare, 0.5, 1.1);

        // Back from a pause it neither hogs the core (it banked no credit) nor starves (its
        // accounting did not run on while it was paused).
        scheduler.Unpause(a.Vcpu);
        Assert.False(scheduler.IsPaused(a.Vcpu));
        var shares = await MeasureAsync([a, b], TimeSpan.FromSeconds(1));
        output.WriteLine($"after unpause: a {shares[0]:P0}, b {shares[1]:P0}");
        Assert.InRange(shares[0] / (shares[0] + shares[1]), 0.3, 0.7);
        Assert.True(a.Instructions > instructions);
    }

    [Fact]
    public async Task ACappedVcpuKeepsItsCapAfterAPause()
    {
        using var scheduler = new EntitlementScheduler(cores: 1);
        var capped = NewVcpu(Paths.Spin, entitlement: 10, cap: 30);
        scheduler.Add(capped.Vcpu);
        await WaitUntil(() => capped.Instructions > 1_000_000, "the capped spinner to run");
        Assert.True(await scheduler.PauseAsync(capped.Vcpu).WaitAsync(Patience));
        await Task.Delay(300);
        scheduler.Unpause(capped.Vcpu);

        double share = (await MeasureAsync([capped], TimeSpan.FromSeconds(1)))[0];
        output.WriteLine($"capped at 30% after a pause: {share:P0}");
        Assert.InRange(share, 0.15, 0.45);   // loose: a slice can overrun the cap; CI shares the cores
    }

    [Fact]
    public async Task ASleepingGuestPausedMidSleepContinuesItsSequence()
    {
        using var scheduler = new EntitlementScheduler(cores: 1);
        var counter = NewVcpu(Paths.Counter, entitlement: 10);
        scheduler.Add(counter.Vcpu);
        await WaitUntil(() => counter.Text.Contains("count 1\n", StringComparison.Ordinal), "two counter lines");

        Assert.True(await scheduler.PauseAsync(counter.Vcpu).WaitAsync(Patience));
        string atPause = counter.Text;
        await Task.Delay(700);   // three and a half of its 200 ms sleeps
        Assert.Equal(atPause, counter.Text);

        scheduler.Unpause(counter.Vcpu);
        int lines = Lines(atPause) + 3;
        await WaitUntil(() => Lines(counter.Text) >= lines, $"{lines} counter lines after unpause");
        Assert.StartsWith(Counted(lines), counter.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGuestPausedWhileWaitingForInputReadsWhatArrivedOnceUnpaused()
    {
        using var scheduler = new EntitlementScheduler(cores: 1);
        var echo = NewVcpu(Paths.Echo, entitlement: 10);
        scheduler.Add(echo.Vcpu);
        await WaitUntil(() => echo.Process.Waiting == ProcessWait.Input && echo.Instructions > 0, "echo to wait for input");

        Assert.True(await scheduler.PauseAsync(echo.Vcpu).WaitAsync(Patience));
        Assert.Equal(ProcessWait.Input, echo.Process.Waiting);
        Assert.True(echo.Input.TryAdd("while paused\n"u8));
        scheduler.InputArrived(echo.Vcpu);
        await Task.Delay(300);
        Assert.Equal("", echo.Text);

        scheduler.Unpause(echo.Vcpu);
        await WaitUntil(() => echo.Text == "while paused\n", "the input echoed after unpause");
        await WaitUntil(() => echo.Process.Waiting == ProcessWait.Input, "echo to wait again");
        Assert.True(await scheduler.PauseAsync(echo.Vcpu).WaitAsync(Patience));
        scheduler.Unpause(echo.Vcpu);
        Assert.True(echo.Input.TryAdd("after\n"u8));
        scheduler.InputArrived(echo.Vcpu);
        await WaitUntil(() => echo.Text == "while paused\nafter\n", "input sent after unpause echoed");
    }

    [Fact]
    public async Task StoppingAPausedVcpuEndsItAndAnEndedVcpuCannotBePaused()
    {
        using var scheduler = new EntitlementScheduler(cores: 1);
        var spinner = NewVcpu(Paths.Spin, entitlement: 10);
        scheduler.Add(spinner.Vcpu);
        await WaitUntil(() => spinner.Instructions > 0, "the spinner to run");
        Assert.True(await scheduler.PauseAsync(spinner.Vcpu).WaitAsync(Patience));
        Assert.True(await scheduler.PauseAsync(spinner.Vcpu).WaitAsync(Patience));   // already paused

        scheduler.Stop(spinner.Vcpu);
        Assert.Equal(VcpuEnd.Stopped, await spinner.End.Task.WaitAsync(Patience));
        Assert.False(await scheduler.PauseAsync(spinner.Vcpu).WaitAsync(Patience));
        scheduler.Unpause(spinner.Vcpu);   // does nothing to an ended vCPU
        Assert.False(scheduler.IsPaused(spinner.Vcpu));
    }

    [Fact]
    public async Task APausedGuestSavedAndRestoredOnAnotherSchedulerContinues()
    {
        var counter = NewVcpu(Paths.Counter, entitlement: 10);
        var snapshot = new MemoryStream();
        using (var first = new EntitlementScheduler(cores: 1))
        {
            first.Add(counter.Vcpu);
            await WaitUntil(() => Lines(counter.Text) >= 2, "two counter lines");
            Assert.True(await first.PauseAsync(counter.Vcpu).WaitAsync(Patience));
            ProcessSnapshot.Save(counter.Process, snapshot);
            first.Stop(counter.Vcpu);
        }

        snapshot.Position = 0;
        var restored = new GuestProgram(snapshot, entitlement: 10);
        using var second = new EntitlementScheduler(cores: 1);
        second.Add(restored.Vcpu);
        int lines = Lines(counter.Text) + 3;
        await WaitUntil(() => Lines(counter.Text + restored.Text) >= lines, $"{lines} counter lines in all");
        Assert.StartsWith(Counted(lines), counter.Text + restored.Text, StringComparison.Ordinal);
    }

    private static GuestProgram NewVcpu(string path, int entitlement, int? cap = null) => new(path, entitlement, cap);

    private static int Lines(string text) => text.Count(c => c == '\n');

    private static string Counted(int lines) => string.Concat(Enumerable.Range(0, lines).Select(n => $"count {n}\n"));

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Patience, $"timed out waiting for {what}");
            await Task.Delay(10);
        }
    }

    // Each vCPU's CPU time over the interval, as a fraction of it.
    private static async Task<double[]> MeasureAsync(GuestProgram[] programs, TimeSpan interval)
    {
        long[] before = [.. programs.Select(p => p.Vcpu.CpuTicks)];
        var clock = Stopwatch.StartNew();
        await Task.Delay(interval);
        long elapsed = clock.ElapsedTicks;
        return [.. programs.Select((p, i) => (p.Vcpu.CpuTicks - before[i]) / (double)elapsed)];
    }

    /// <summary>A real guest program in parking mode, as the agent runs one: console input, output captured.</summary>
    private sealed class GuestProgram
    {
        private readonly SharedOutput _output = new();

        public GuestProgram(string path, int entitlement, int? cap = null)
        {
            var process = ProcessLoader.Load(ElfFile.Load(path), path, [path], [], Streams());
            process.ParksOnBlockingCalls = true;
            Vcpu = NewScheduled(process, entitlement, cap);
        }

        public GuestProgram(Stream snapshot, int entitlement) =>
            Vcpu = NewScheduled(ProcessSnapshot.Restore(snapshot, Streams()), entitlement, null);

        public ConsoleInput Input { get; } = new();

        public ScheduledVcpu Vcpu { get; }

        public LinuxProcess Process => Vcpu.Process;

        public long Instructions => Process.Vcpu.Instructions;

        public TaskCompletionSource<VcpuEnd> End { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Text => _output.Text;

        private LinuxStreams Streams() => new(Input, _output, _output, new StringWriter());

        private ScheduledVcpu NewScheduled(LinuxProcess process, int entitlement, int? cap) =>
            new(process, entitlement, cap, () => !Input.ReadWouldBlock, (_, how, _) => End.TrySetResult(how));
    }

    /// <summary>Output written by a worker thread and read by the test.</summary>
    private sealed class SharedOutput : Stream
    {
        private readonly Lock _gate = new();
        private readonly MemoryStream _bytes = new();

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return Encoding.ASCII.GetString(_bytes.GetBuffer(), 0, (int)_bytes.Length);
                }
            }
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (_gate)
            {
                _bytes.Write(buffer, offset, count);
            }
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            lock (_gate)
            {
                _bytes.Write(buffer);
            }
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
