namespace Ivm.Controller.Grains;

/// <summary>
/// One guest (key: its name): its configuration, VM number, where it runs or last ran, its state and
/// state history, persisted. Every operation on a guest goes through its grain, one at a time, so
/// two commands on one guest never interleave. Messages are proto/cluster.proto's, serialized.
/// </summary>
public interface IGuestGrain : IGrainWithStringKey
{
    Task<byte[]> Create(byte[] config, int vmNumber);

    Task<byte[]> Start();

    Task<byte[]> Stop(bool force, bool graceful, uint graceMilliseconds);

    Task<byte[]> Modify(byte[] request);

    Task Remove();

    /// <summary>The guest, or empty when it does not exist.</summary>
    Task<byte[]> Get();

    /// <summary>What the guest's host reported about it (host.proto's Guest, serialized).</summary>
    Task Observe(string host, byte[] hostGuest);

    /// <summary>The guest's host stopped heartbeating: the guest is Unreachable if it is placed there.</summary>
    Task HostUnreachable(string host);

    /// <summary>Its host reported it removed (it may have moved there while the controller was away).</summary>
    Task Vanished(string host);

    /// <summary>
    /// Runs every check of a migration (cluster.proto's MigrateGuestRequest, serialized) and, unless
    /// <paramref name="checkOnly"/>, records it in progress: the plan says whom to ask to run it.
    /// </summary>
    Task<MigrationPlan> BeginMigration(byte[] request, bool checkOnly, IMigrationCanceller? canceller);

    /// <summary>The source agent's latest progress (migration.proto's MigrationProgress), kept in memory.</summary>
    Task MigrationProgressed(string migrationId, byte[] progress);

    /// <summary>The migration ended (migration.proto's MigrationResult): host and result in one write.</summary>
    Task<byte[]> FinishMigration(string migrationId, byte[] result, bool online);

    /// <summary>Abandons the running migration; FAILED_PRECONDITION when none runs.</summary>
    Task CancelMigration();

    Task<byte[]> Suspend();

    Task<byte[]> Resume();
}

[GenerateSerializer]
public sealed class GuestRecordState
{
    [Id(0)] public byte[] Guest { get; set; } = [];
}
