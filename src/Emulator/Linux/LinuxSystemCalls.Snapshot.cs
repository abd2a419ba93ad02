using System.Diagnostics;

namespace Ivm.Emulator.Linux;

/// <summary>
/// The personality's share of a snapshot (see <see cref="ProcessSnapshot"/>): the parked call and the
/// monotonic clock, both kept relative to the host they run on — a Stopwatch timestamp means nothing
/// on another host or after a restart, the time still to sleep and the time already elapsed do.
/// </summary>
internal sealed partial class LinuxSystemCalls
{
    private long _monotonicOffsetNanoseconds;

    /// <summary>Host files the program has open: a snapshot cannot carry them.</summary>
    public int OpenFileCount => _files.Count;

    /// <summary>CLOCK_MONOTONIC as the program sees it, so a restored program's clock never runs backwards.</summary>
    public long MonotonicNanoseconds
    {
        get => (long)(_monotonic.Elapsed.TotalMilliseconds * 1_000_000) + _monotonicOffsetNanoseconds;
        set => _monotonicOffsetNanoseconds = value - (long)(_monotonic.Elapsed.TotalMilliseconds * 1_000_000);
    }

    /// <summary>For an Input wait: where the parked read(0) puts its bytes and how many it asked for.</summary>
    public (ulong Buffer, ulong Count) PendingRead => (_pendingBuffer, _pendingCount);

    /// <summary>For a Timer wait: how long the sleep still lasts from now, 0 when it is already over;
    /// <see cref="ulong.MaxValue"/> for a sleep too long to express.</summary>
    public ulong RemainingSleepNanoseconds()
    {
        long left = WakeTimestamp - Stopwatch.GetTimestamp();
        if (left <= 0)
        {
            return 0;
        }

        var nanoseconds = (UInt128)(ulong)left * 1_000_000_000 / (ulong)Stopwatch.Frequency;
        return nanoseconds > ulong.MaxValue ? ulong.MaxValue : (ulong)nanoseconds;
    }

    /// <summary>Parks the (restored) process in a sleep that ends <paramref name="nanoseconds"/> from now on this host's clock.</summary>
    public void RestoreTimerWait(ulong nanoseconds)
    {
        long now = Stopwatch.GetTimestamp();
        var ticks = (UInt128)nanoseconds * (ulong)Stopwatch.Frequency / 1_000_000_000;
        WakeTimestamp = ticks >= (ulong)(long.MaxValue - now) ? long.MaxValue : now + (long)ticks;
        Waiting = ProcessWait.Timer;
    }

    /// <summary>Parks the (restored) process in the read(0) it was waiting in.</summary>
    public void RestoreInputWait(ulong buffer, ulong count)
    {
        (_pendingBuffer, _pendingCount) = (buffer, count);
        Waiting = ProcessWait.Input;
    }
}
