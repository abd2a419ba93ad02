namespace Ivm.Controller.Grains;

/// <summary>
/// A checked migration, as the guest's grain hands it to the driver: which agent to ask (the
/// source), where the guest goes, and the agent's request (host.proto's MigrateGuestRequest,
/// serialized, with its token). No source host: the guest was never placed, only its record moves.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class MigrationPlan
{
    [Id(0)] public string MigrationId { get; init; } = "";
    [Id(1)] public string SourceHost { get; init; } = "";
    [Id(2)] public string SourceAddress { get; init; } = "";
    [Id(3)] public string TargetHost { get; init; } = "";
    [Id(4)] public string TargetAddress { get; init; } = "";
    [Id(5)] public byte[] AgentRequest { get; init; } = [];
    [Id(6)] public bool Online { get; init; }
}

/// <summary>
/// The driver of one running migration, as the guest's grain reaches it to cancel (an Orleans
/// observer, so cancel works from whichever controller silo receives hpvm migrate --cancel).
/// </summary>
public interface IMigrationCanceller : IGrainObserver
{
    Task Cancel();
}
