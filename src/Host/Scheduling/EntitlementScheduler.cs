using System.Diagnostics;
using Ivm.Emulator.Linux;

namespace Ivm.Host.Scheduling;

/// <summary>
/// Runs many guests' virtual CPUs on a few host threads, one worker per core. Each worker takes the
/// ready vCPU with the least virtual runtime (CPU time divided by its entitlement, so over time each
/// gets CPU in proportion to its entitlement — and since admission keeps the entitlements' sum within
/// the cores, at least its entitlement), runs it for a slice, and puts it back. A vCPU that sleeps
/// or waits for console input is parked by the emulator (<see cref="LinuxProcess.ParksOnBlockingCalls"/>)
/// and leaves the ready queue until its wake time or its input, so idle guests cost no worker time.
/// A cap limits a vCPU to a share of each <see cref="CapPeriod"/>; past it, it sleeps until the next.
/// </summary>
internal sealed partial class EntitlementScheduler : IDisposable
{
    /// <summary>How long a vCPU runs before the worker picks again.</summary>
    public static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(5);

    /// <summary>The window a cap is measured over.</summary>
    public static readonly TimeSpan CapPeriod = TimeSpan.FromMilliseconds(100);

    // Instructions per Run call inside a slice: small enough that the slice's clock is read every
    // few hundred microseconds, large enough that the call overhead vanishes.
    private const long ChunkInstructions = 50_000;

    private static readonly long SliceTicks = (long)(Slice.TotalSeconds * Stopwatch.Frequency);
    private static readonly long CapPeriodTicks = (long)(CapPeriod.TotalSeconds * Stopwatch.Frequency);
    private static readonly long LoadWindowTicks = Stopwatch.Frequency;

    // A monitor (not System.Threading.Lock) because idle workers wait on it for a wake-up or a timer.
    private readonly object _gate = new();
    private readonly PriorityQueue<ScheduledVcpu, double> _ready = new();
    private readonly PriorityQueue<ScheduledVcpu, long> _sleeping = new();
    private readonly Thread[] _workers;
    private bool _shutdown;
    private double _minVirtualRuntime;

    // Load: busy ticks in the current window and the figure for the last full window.
    private long _loadWindowStart = Stopwatch.GetTimestamp();
    private long _loadWindowBusy;
    private double _lastLoad;

    public EntitlementScheduler(int cores)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cores, 1);
        Cores = cores;
        _workers = new Thread[cores];
        for (int i = 0; i < cores; i++)
        {
            _workers[i] = new Thread(Work) { IsBackground = true, Name = $"vcpu worker {i}" };
            _workers[i].Start();
        }
    }

    public int Cores { get; }

    /// <summary>Busy workers over cores, over the last second (0..1).</summary>
    public double Load
    {
        get
        {
            lock (_gate)
            {
                long now = Stopwatch.GetTimestamp();
                long elapsed = now - _loadWindowStart;
                // A window that nothing closed (no slice ran for a while) speaks for itself.
                return elapsed >= 2 * LoadWindowTicks ? (double)_loadWindowBusy / (elapsed * Cores) : _lastLoad;
            }
        }
    }

    /// <summary>Makes a new vCPU ready to run.</summary>
    public void Add(ScheduledVcpu vcpu)
    {
        lock (_gate)
        {
            vcpu.CapWindowStart = Stopwatch.GetTimestamp();
            vcpu.VirtualRuntime = _minVirtualRuntime;
            MakeReady(vcpu);
        }
    }

    /// <summary>
    /// Ends a vCPU: at once when it is not on a worker, else when its slice ends (within a slice).
    /// Its <see cref="ScheduledVcpu.Ended"/> callback reports <see cref="VcpuEnd.Stopped"/>.
    /// </summary>
    public void Stop(ScheduledVcpu vcpu)
    {
        bool endNow;
        lock (_gate)
        {
            if (vcpu.State == VcpuState.Ended)
            {
                return;
            }

            vcpu.StopRequested = true;
            endNow = vcpu.State != VcpuState.Running;
            if (endNow)
            {
                if (vcpu.State == VcpuState.Ready)
                {
                    _ready.Remove(vcpu, out _, out _);
                }
                else if (vcpu.State == VcpuState.Sleeping)
                {
                    _sleeping.Remove(vcpu, out _, out _);
                }

                vcpu.State = VcpuState.Ended;
            }
        }

        if (endNow)
        {
            vcpu.Ended(vcpu, VcpuEnd.Stopped, null);
        }
    }

    /// <summary>Console input arrived (or ended): a vCPU parked in read becomes ready.</summary>
    public void InputArrived(ScheduledVcpu vcpu)
    {
        lock (_gate)
        {
            if (vcpu.State == VcpuState.WaitingForInput)
            {
                Wake(vcpu);
            }
        }
    }

    /// <summary>Changes a running vCPU's share; takes effect from its next slice.</summary>
    public void SetShare(ScheduledVcpu vcpu, int entitlementPercent, int? capPercent)
    {
        lock (_gate)
        {
            vcpu.EntitlementPercent = entitlementPercent;
            vcpu.CapPercent = capPercent;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _shutdown = true;
            Monitor.PulseAll(_gate);
        }

        foreach (var worker in _workers)
        {
            worker.Join();
        }
    }

    private void Work()
    {
        while (true)
        {
            ScheduledVcpu vcpu;
            lock (_gate)
            {
                while (true)
                {
                    if (_shutdown)
                    {
                        return;
                    }

                    WakeDueSleepers(Stopwatch.GetTimestamp());
                    if (_ready.TryDequeue(out vcpu!, out double virtualRuntime))
                    {
                        _minVirtualRuntime = Math.Max(_minVirtualRuntime, virtualRuntime);
                        vcpu.State = VcpuState.Running;
                        break;
                    }

                    Monitor.Wait(_gate, MillisecondsUntilNextWake());
                }
            }

            var process = vcpu.Process;
            long start = Stopwatch.GetTimestamp();
            long deadline = start + SliceTicks;
            Exception? error = null;
            try
            {
                do
                {
                    process.Run(ChunkInstructions);
                }
                while (process.Waiting == ProcessWait.None && process.ExitStatus is null && process.Fault is null
                    && !Volatile.Read(ref vcpu.StopRequested) && !Volatile.Read(ref vcpu.PauseRequested)
                    && Stopwatch.GetTimestamp() < deadline);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // An emulator bug ends this guest, not the host and its other guests.
                error = e;
            }

            long now = Stopwatch.GetTimestamp();
            VcpuEnd? end = Release(vcpu, now, now - start, error, out var pauseWaiter);
            pauseWaiter?.TrySetResult(end is null);
            if (end is { } how)
            {
                vcpu.Ended(vcpu, how, error);
            }
        }
    }

    // Accounts a slice and decides where the vCPU goes next. Returns how it ended, if it did.
    // A pause asked for during the slice is answered (outside the lock) through pauseWaiter.
    private VcpuEnd? Release(ScheduledVcpu vcpu, long now, long used, Exception? error, out TaskCompletionSource<bool>? pauseWaiter)
    {
        var process = vcpu.Process;
        lock (_gate)
        {
            pauseWaiter = vcpu.PauseWaiter;
            vcpu.PauseWaiter = null;
            Interlocked.Add(ref vcpu._cpuTicks, used);
            vcpu.VirtualRuntime += used * 100.0 / vcpu.EntitlementPercent;
            AccountLoad(now, used);

            VcpuEnd? end = vcpu.StopRequested ? VcpuEnd.Stopped
                : error is not null ? VcpuEnd.EmulatorError
                : process.ExitStatus is not null ? VcpuEnd.Exited
                : process.Fault is not null ? VcpuEnd.Faulted
                : null;
            if (end is not null)
            {
                vcpu.State = VcpuState.Ended;
                return end;
            }

            if (now - vcpu.CapWindowStart >= CapPeriodTicks)
            {
                vcpu.CapWindowStart = now;
                vcpu.CapWindowUsed = 0;
            }

            vcpu.CapWindowUsed += used;
            long capWake = vcpu.CapPercent is { } cap && vcpu.CapWindowUsed >= CapPeriodTicks * cap / 100
                ? vcpu.CapWindowStart + CapPeriodTicks
                : 0;

            if (vcpu.PauseRequested)
            {
                vcpu.PauseRequested = false;
                vcpu.State = VcpuState.Paused;
                return null;
            }

            switch (process.Waiting)
            {
                case ProcessWait.Timer:
                    Sleep(vcpu, Math.Max(process.WakeTimestamp, capWake));
                    break;
                case ProcessWait.Input when !vcpu.InputReady():
                    vcpu.State = VcpuState.WaitingForInput;
                    break;
                default:
                    if (capWake != 0)
                    {
                        Sleep(vcpu, capWake);
                    }
                    else
                    {
                        vcpu.State = VcpuState.Ready;
                        _ready.Enqueue(vcpu, vcpu.VirtualRuntime);
                    }

                    break;
            }

            return null;
        }
    }

    private void Sleep(ScheduledVcpu vcpu, long until)
    {
        vcpu.State = VcpuState.Sleeping;
        _sleeping.Enqueue(vcpu, until);
        if (_sleeping.Peek() == vcpu)
        {
            // The earliest wake-up changed: an idle worker waiting with a later (or no) timeout
            // must recompute it, or this vCPU would wait for a busy worker's next pick.
            Monitor.Pulse(_gate);
        }
    }

    // A vCPU back from sleep or input: it may not bank the time it was away (else a guest that slept
    // a minute would then own a core for a minute), but keeps a slice of credit so interactive guests
    // answer promptly.
    private void Wake(ScheduledVcpu vcpu)
    {
        vcpu.VirtualRuntime = Math.Max(vcpu.VirtualRuntime, _minVirtualRuntime - SliceTicks);
        MakeReady(vcpu);
    }

    private void MakeReady(ScheduledVcpu vcpu)
    {
        vcpu.State = VcpuState.Ready;
        _ready.Enqueue(vcpu, vcpu.VirtualRuntime);
        Monitor.Pulse(_gate);
    }

    private void WakeDueSleepers(long now)
    {
        while (_sleeping.TryPeek(out var vcpu, out long at) && at <= now)
        {
            _sleeping.Dequeue();
            Wake(vcpu);
        }
    }

    private int MillisecondsUntilNextWake()
    {
        if (!_sleeping.TryPeek(out _, out long at))
        {
            return Timeout.Infinite;
        }

        long ticks = at - Stopwatch.GetTimestamp();
        return ticks <= 0 ? 0 : (int)Math.Min(int.MaxValue, (ticks * 1000 + Stopwatch.Frequency - 1) / Stopwatch.Frequency);
    }

    private void AccountLoad(long now, long used)
    {
        _loadWindowBusy += used;
        long elapsed = now - _loadWindowStart;
        if (elapsed >= LoadWindowTicks)
        {
            _lastLoad = Math.Min(1.0, (double)_loadWindowBusy / (elapsed * Cores));
            _loadWindowStart = now;
            _loadWindowBusy = 0;
        }
    }
}
