using Ivm.Emulator.Linux;

namespace Ivm.Host.Scheduling;

/// <summary>Where a virtual CPU is in the scheduler's hands.</summary>
internal enum VcpuState : byte
{
    Ready,
    Running,
    Sleeping,
    WaitingForInput,

    /// <summary>Held off the workers by <see cref="EntitlementScheduler.PauseAsync"/> until Unpause.</summary>
    Paused,
    Ended,
}

/// <summary>Why a virtual CPU left the scheduler for good.</summary>
internal enum VcpuEnd : byte
{
    Exited,
    Faulted,
    Stopped,
    EmulatorError,
}

/// <summary>
/// One guest's virtual CPU as the <see cref="EntitlementScheduler"/> sees it: the parked-mode process
/// it runs, its share (entitlement, the weight) and cap, and its accounting. Fields marked "under the
/// scheduler's lock" are only touched while holding it.
/// </summary>
internal sealed class ScheduledVcpu
{
    public ScheduledVcpu(LinuxProcess process, int entitlementPercent, int? capPercent, Func<bool> inputReady,
        Action<ScheduledVcpu, VcpuEnd, Exception?> ended)
    {
        Process = process;
        EntitlementPercent = entitlementPercent;
        CapPercent = capPercent;
        InputReady = inputReady;
        Ended = ended;
    }

    public LinuxProcess Process { get; }

    /// <summary>The guaranteed share of one core, 1-100: the weight in the fair queue.</summary>
    public int EntitlementPercent { get; set; }

    /// <summary>The most of one core it may use per cap period; null for no cap.</summary>
    public int? CapPercent { get; set; }

    /// <summary>True when standard input has something to read (or has ended).</summary>
    public Func<bool> InputReady { get; }

    /// <summary>Called once, outside the scheduler's lock, when the vCPU ends.</summary>
    public Action<ScheduledVcpu, VcpuEnd, Exception?> Ended { get; }

    /// <summary>Host CPU time it ran, in <see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
    public long CpuTicks => Volatile.Read(ref _cpuTicks);

    internal long _cpuTicks;

    // Under the scheduler's lock.
    internal VcpuState State;
    internal bool StopRequested;
    internal bool PauseRequested;
    internal TaskCompletionSource<bool>? PauseWaiter;
    internal double VirtualRuntime;
    internal long CapWindowStart;
    internal long CapWindowUsed;
}
