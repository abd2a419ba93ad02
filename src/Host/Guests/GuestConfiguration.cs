namespace Ivm.Host.Guests;

/// <summary>Whether the agent starts a guest by itself when it starts (HPVM's start attribute).</summary>
public enum StartAttribute
{
    Auto,
    Manual,
}

/// <summary>A guest's configuration as the agent keeps it (and persists it, as JSON).</summary>
public sealed record GuestConfiguration
{
    public required string Name { get; init; }

    public int Vcpus { get; init; } = 1;

    public ulong MemoryBytes { get; init; } = 2UL << 30;

    /// <summary>Guaranteed share of one core, percent.</summary>
    public int EntitlementPercent { get; init; } = 10;

    /// <summary>Most of one core it may use, percent; null for no cap.</summary>
    public int? EntitlementCapPercent { get; init; }

    public StartAttribute StartAttribute { get; init; } = StartAttribute.Auto;

    public string Label { get; init; } = "";

    public string OsType { get; init; } = "LINUX";

    public required string ImagePath { get; init; }

    public IReadOnlyList<string> Arguments { get; init; } = [];
}
