using Ivm.Host.Consoles;
using Ivm.Host.Scheduling;

namespace Ivm.Host.Guests;

/// <summary>
/// One guest on this host: its configuration, its state, its console and — while On — its running
/// vCPU. Mutable fields are guarded by the <see cref="Hypervisor"/>'s lock.
/// </summary>
internal sealed class Guest(GuestConfiguration config, ConsoleLog console)
{
    public GuestConfiguration Config { get; set; } = config;

    public ConsoleLog Console { get; } = console;

    public GuestRunState State { get; set; }

    /// <summary>How it last ended ("exited with status 0", "memory limit of N bytes exceeded"…).</summary>
    public string Reason { get; set; } = "";

    public int? ExitStatus { get; set; }

    /// <summary>The fault's name when Crashed.</summary>
    public string Fault { get; set; } = "";

    public ConsoleInput? Input { get; set; }

    public ScheduledVcpu? Vcpu { get; set; }

    /// <summary>Completed when the current run ends.</summary>
    public TaskCompletionSource? Ended { get; set; }

    /// <summary>A stop in progress: the state reason to record when the vCPU ends.</summary>
    public string? StopReason { get; set; }

    /// <summary>Counters of the last run, kept after it ends.</summary>
    public long Instructions { get; set; }

    public long CpuTicks { get; set; }

    public ulong MemoryUsedBytes { get; set; }

    /// <summary>A live migration is moving it to another agent (it runs here until the switch-over).</summary>
    public bool MigratingAway { get; set; }

    /// <summary>The sequence number of the last change published for this guest.</summary>
    public ulong Revision { get; set; }

    public bool IsRunning => State is GuestRunState.On or GuestRunState.Stopping;

    /// <summary>A suspend is saving it (still On): stop and console input wait for the outcome.</summary>
    public bool Suspending { get; set; }

    /// <summary>A resume is reading its save file (still Suspended): its memory and entitlement are held.</summary>
    public bool Resuming { get; set; }

    /// <summary>Whether its memory and entitlement count against the host's capacity.</summary>
    public bool HoldsCapacity => IsRunning || Resuming;
}
