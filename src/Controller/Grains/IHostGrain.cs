using Google.Protobuf;
using Ivm.Cluster.V1;
using ClusterHost = Ivm.Cluster.V1.Host;

namespace Ivm.Controller.Grains;

/// <summary>One host agent as the controller knows it (key: the host's name): where it listens, its
/// capacity from its last heartbeat, and whether it is still heartbeating.</summary>
public interface IHostGrain : IGrainWithStringKey
{
    /// <summary>RegisterHost's request, serialized.</summary>
    Task Register(byte[] request);

    /// <summary>Heartbeat's request, serialized; false when this host never registered (it must register again).</summary>
    Task<bool> Heartbeat(byte[] request);

    /// <summary>The Host message, serialized; empty when the host is unknown.</summary>
    Task<byte[]> Get();

    /// <summary>Marks the host Unreachable when its last heartbeat is older than <paramref name="timeout"/>; true when that changed it now.</summary>
    Task<bool> ExpireIfSilent(TimeSpan timeout);
}

[GenerateSerializer]
public sealed class HostRecordState
{
    [Id(0)] public byte[] Host { get; set; } = [];
}

internal sealed class HostGrain([PersistentState("host", "ivm")] IPersistentState<HostRecordState> state) : Grain, IHostGrain
{
    private ClusterHost Current => ClusterHost.Parser.ParseFrom(state.State.Host);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // After a controller restart every host gets a full timeout to heartbeat again before it
        // is declared unreachable: the silence was the controller's, not the host's.
        if (state.RecordExists)
        {
            var host = Current;
            host.LastHeartbeatUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            state.State.Host = host.ToByteArray();
        }

        return base.OnActivateAsync(cancellationToken);
    }

    public async Task Register(byte[] request)
    {
        var registration = RegisterHostRequest.Parser.ParseFrom(request);
        var host = state.RecordExists ? Current : new ClusterHost();
        host.Name = registration.Name;
        host.Address = registration.Address;
        host.Cores = registration.Cores;
        host.MemoryTotalBytes = registration.MemoryTotalBytes;
        host.EntitlementTotalPercent = registration.Cores * 100;
        host.Version = registration.Version;
        host.State = Cluster.V1.HostState.Up;
        host.LastHeartbeatUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        state.State.Host = host.ToByteArray();
        await state.WriteStateAsync();
    }

    public async Task<bool> Heartbeat(byte[] request)
    {
        if (!state.RecordExists)
        {
            return false;
        }

        var beat = HeartbeatRequest.Parser.ParseFrom(request);
        var host = Current;
        bool wasUnreachable = host.State != Cluster.V1.HostState.Up;
        host.State = Cluster.V1.HostState.Up;
        host.LastHeartbeatUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        host.MemoryCommittedBytes = beat.MemoryCommittedBytes;
        host.EntitlementCommittedPercent = beat.EntitlementCommittedPercent;
        host.Load = beat.Load;
        host.GuestCount = beat.GuestCount;
        host.GuestsOn = beat.GuestsOn;
        state.State.Host = host.ToByteArray();
        // Figures change with every beat; only a change of reachability is worth a write.
        if (wasUnreachable)
        {
            await state.WriteStateAsync();
        }

        return true;
    }

    public Task<byte[]> Get() => Task.FromResult(state.State.Host);

    public async Task<bool> ExpireIfSilent(TimeSpan timeout)
    {
        if (!state.RecordExists)
        {
            return false;
        }

        var host = Current;
        long silentFor = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - host.LastHeartbeatUnixMs;
        if (host.State != Cluster.V1.HostState.Up || silentFor < timeout.TotalMilliseconds)
        {
            return false;
        }

        host.State = Cluster.V1.HostState.Unreachable;
        state.State.Host = host.ToByteArray();
        await state.WriteStateAsync();
        return true;
    }
}
