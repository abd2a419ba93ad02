using Ivm.Emulator.Memory;

namespace Ivm.Migration;

/// <summary>The first, clear frame: what is coming and the source's key share.</summary>
public sealed record HelloRequest(string MigrationId, string GuestName, byte[] Configuration, ulong MemoryBytes,
    uint EntitlementPercent, byte[] SourceKey, byte[] TokenProof, bool Online, bool CheckOnly, string SourceHost)
{
    /// <summary>The migration stream's format; a target that reads another refuses the Hello.</summary>
    public const uint FormatVersion = 2;

    /// <summary>The emulator build both ends must run: a CPU state or page format change shows here.</summary>
    public static string EmulatorVersion => typeof(GuestMemory).Assembly.GetName().Version?.ToString() ?? "0";

    /// <summary>False when the source runs with --migration-encryption off (the target must too).</summary>
    public bool Encrypted { get; init; } = true;
}

/// <summary>The target's answer once it has admitted the guest.</summary>
public sealed record HelloAnswer(byte[] TargetKey, byte[] TargetProof, bool TokenBound, string TargetHost);

/// <summary>One sealed frame on the wire.</summary>
public readonly record struct WireFrame(FrameKind Kind, ulong Sequence, ReadOnlyMemory<byte> Payload);

/// <summary>The source's end of an established Transfer stream.</summary>
public interface IMigrationLink : IAsyncDisposable
{
    /// <summary>Sends a sealed frame; completes when the transport has taken it (flow control).</summary>
    Task SendAsync(WireFrame frame, CancellationToken cancellation);

    /// <summary>The target's next sealed frame; null when it ended the stream.</summary>
    Task<WireFrame?> ReceiveAsync(CancellationToken cancellation);

    /// <summary>Ends the source's half of the stream.</summary>
    Task CompleteAsync();
}

/// <summary>How the source reaches the target.</summary>
public interface IMigrationConnector
{
    /// <summary>Opens a Transfer stream, sends the Hello and returns the target's answer. Throws
    /// <see cref="MigrationFailure"/> (refused) when the target refuses.</summary>
    Task<(IMigrationLink Link, HelloAnswer Answer)> ConnectAsync(HelloRequest hello, CancellationToken cancellation);

    /// <summary>On a fresh connection: whether this migration committed at the target (the guest is
    /// the target's then, running or not, and must not run here); null
    /// when the target cannot be reached.</summary>
    Task<bool?> CommittedOnTargetAsync(string migrationId, CancellationToken cancellation);
}

/// <summary>The guest being migrated, as the source agent offers it to the engine.</summary>
public interface IMigrationSourceGuest
{
    /// <summary>Its memory, while it runs (online migration).</summary>
    GuestMemory Memory { get; }

    /// <summary>Stops its vCPU between two instructions; false when it ended meanwhile.</summary>
    Task<bool> PauseAsync();

    void Unpause();

    /// <summary>Auto-converge: takes <paramref name="percent"/> of its CPU away (0: none).</summary>
    void Throttle(int percent);

    /// <summary>The process state without memory (call while paused).</summary>
    byte[] SaveExecutionState();

    long ConsoleLength { get; }

    int ReadConsole(long offset, Span<byte> destination);

    /// <summary>I/O quiesce: console input sent from now on is held, not given to the guest.</summary>
    void HoldInput();

    /// <summary>While paused: the input the guest has not read yet (taken out of its queue).</summary>
    byte[] TakePendingInput();

    /// <summary>Input held since <see cref="HoldInput"/> (taken).</summary>
    byte[] TakeHeldInput();

    /// <summary>Abandoned: gives back <paramref name="pending"/> and the held input, in order, and
    /// stops holding.</summary>
    void RestoreInput(byte[] pending);

    /// <summary>The guest runs on the target now: forget it here (not a crash, not a stop).</summary>
    void Release();

    /// <summary>It was stopped or removed here meanwhile (an operator may do that to a guest left
    /// paused after a commit nobody answered).</summary>
    bool Ended { get; }
}

/// <summary>What the caller asked for.</summary>
public sealed record MigrationOptions
{
    public required string MigrationId { get; init; }

    public required string GuestName { get; init; }

    public required byte[] Token { get; init; }

    public required byte[] Configuration { get; init; }

    public ulong MemoryBytes { get; init; }

    public uint EntitlementPercent { get; init; }

    public bool Online { get; init; }

    public bool CheckOnly { get; init; }

    public string SourceHost { get; init; } = "";

    public string TargetHost { get; init; } = "";

    /// <summary>False only with --migration-encryption off on this agent (and the target's).</summary>
    public bool Encrypt { get; init; } = true;

    public TimeSpan Downtime { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Bytes per second; 0 = unlimited.</summary>
    public double BandwidthCap { get; init; }

    public TimeSpan MaxTotal { get; init; } = TimeSpan.FromMinutes(10);

    public TimeSpan InitTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Null: unlimited (HPVM's default).</summary>
    public TimeSpan? CopyTimeout { get; init; }

    public TimeSpan QuiesceTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Also how long the call keeps asking an unreachable target whether it runs the
    /// guest after a commit whose answer was lost; after that it asks in the background, every
    /// <see cref="SettleRetry"/>.</summary>
    public TimeSpan FrozenTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Null: the shorter of 30 s and <see cref="FrozenTimeout"/>.</summary>
    public TimeSpan? SettleRetry { get; init; }
}

/// <summary>A progress report (one per round and per phase change).</summary>
public sealed record MigrationReport(MigrationStage Stage, int Round, ulong TransferredBytes, ulong RemainingBytes,
    double DirtyRateMBps, double BandwidthMBps, ulong ExpectedDowntimeMs, int ThrottlePercent);

/// <summary>QEMU's figures of a finished (or abandoned) migration.</summary>
public sealed record MigrationFigures
{
    public ulong TotalMs { get; init; }
    public ulong SetupMs { get; init; }
    public ulong DowntimeMs { get; init; }
    public double DowntimeExactMs { get; init; }
    public int Rounds { get; init; }
    public ulong PagesSent { get; init; }
    public ulong ZeroPages { get; init; }
    public ulong BytesSent { get; init; }
    public double ThroughputMBps { get; init; }
    public int ThrottlePercent { get; init; }
    public ulong MemoryBytes { get; init; }

    /// <summary>Round 0 alone (every touched page once): its rate is the stream's bandwidth.</summary>
    public double Round0Ms { get; init; }

    // The downtime's parts: the vCPU stopping, the last pages and state sent, the target installing
    // them, the commit until the target confirmed the guest runs.
    public double PauseMs { get; init; }
    public double LastCopyMs { get; init; }
    public double TargetReadyMs { get; init; }
    public double ResumeMs { get; init; }

    /// <summary>Where the downtime went (pause, last pages, target install, resume), for the log.</summary>
    public string FrozenBreakdown { get; init; } = "";

    /// <summary>Set when the link broke after the commit and the target, asked afresh, said it runs
    /// the guest: what broke.</summary>
    public string? ConfirmedAfter { get; init; }
}

/// <summary>How a guest left paused after an unanswered commit ended: <paramref name="Answered"/> when the
/// target answered (the guest was released or resumed on the source).</summary>
public sealed record SettleOutcome(bool Answered, string Description);
