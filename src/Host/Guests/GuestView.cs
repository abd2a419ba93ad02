namespace Ivm.Host.Guests;

/// <summary>A consistent copy of a guest's configuration, state and counters at one moment.</summary>
public sealed record GuestView(
    GuestConfiguration Config,
    GuestRunState State,
    string Reason,
    int? ExitStatus,
    string Fault,
    long Instructions,
    long CpuTimeMilliseconds,
    ulong MemoryUsedBytes,
    long ConsoleLength,
    bool MigratingAway = false,
    ulong Revision = 0);

/// <summary>The host's capacity and what running guests have committed of it.</summary>
public sealed record HostView(
    string Name,
    int Cores,
    ulong MemoryTotalBytes,
    ulong MemoryCommittedBytes,
    int EntitlementCommittedPercent,
    double Load,
    int GuestCount,
    int GuestsOn);

/// <summary>A change to a guest's configuration: only the non-null fields change. A cap of 0 removes it.</summary>
public sealed record GuestChanges(
    int? Vcpus = null,
    ulong? MemoryBytes = null,
    int? EntitlementPercent = null,
    int? EntitlementCapPercent = null,
    StartAttribute? StartAttribute = null,
    string? Label = null,
    string? OsType = null,
    string? ImagePath = null);
