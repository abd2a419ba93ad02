using Google.Protobuf;
using Grpc.Core;
using Ivm.Cluster.V1;
using ClusterHost = Ivm.Cluster.V1.Host;
using Ivm.Controller.Hosts;
using Ivm.Controller.Migrations;
using HostV1 = Ivm.Host.V1;

namespace Ivm.Controller.Grains;

internal sealed partial class GuestGrain(
    [PersistentState("guest", "ivm")] IPersistentState<GuestRecordState> state,
    HostAgents agents, ControllerTelemetry telemetry, MigrationRuns runs, GuestMoves moves) : Grain, IGuestGrain
{
    private const int HistoryLength = 50;

    private string Name => this.GetPrimaryKeyString();

    private Guest Current => state.RecordExists && state.State.Guest.Length > 0
        ? Guest.Parser.ParseFrom(state.State.Guest)
        : throw new ClusterException(StatusCode.NotFound, $"guest '{Name}' does not exist (hpvm status lists the guests)");

    public async Task<byte[]> Create(byte[] config, int vmNumber)
    {
        if (state.RecordExists && state.State.Guest.Length > 0)
        {
            throw new ClusterException(StatusCode.AlreadyExists, $"guest '{Name}' already exists");
        }

        var guest = new Guest { Config = GuestConfig.Parser.ParseFrom(config), VmNumber = vmNumber, State = GuestState.Off };
        Record(guest, GuestState.Off, "", "created");
        await SaveAsync(guest);
        return guest.ToByteArray();
    }

    public Task<byte[]> Get() =>
        Task.FromResult(state.RecordExists && state.State.Guest.Length > 0 ? state.State.Guest : []);

    public async Task<byte[]> Start()
    {
        var guest = Current;
        RefuseWhileMigratingOrSuspended(guest, "start");
        if (guest.State is GuestState.On or GuestState.Stopping)
        {
            throw new ClusterException(StatusCode.FailedPrecondition, $"guest '{Name}' is already {guest.State} on {guest.Host}");
        }

        // It may still be running there: starting it elsewhere could run it twice.
        if (guest.State == GuestState.Unreachable)
        {
            throw new ClusterException(StatusCode.Unavailable,
                $"guest '{Name}' is unreachable on host {guest.Host}, where it may still be running; it can start again once that host is back");
        }

        var refusals = new List<string>();
        foreach (var host in await CandidatesAsync(guest, refusals))
        {
            var client = agents.For(host.Address);
            bool created = false;
            try
            {
                created = await EnsureDefinedAsync(client, guest);
                var started = await client.StartGuestAsync(new HostV1.StartGuestRequest { Name = Name }, deadline: Deadline());
                if (guest.Host.Length > 0 && guest.Host != host.Name)
                {
                    await ForgetOnAsync(guest.Host, guest);
                }

                guest.Host = host.Name;
                Apply(guest, started);
                telemetry.Placed(host.Name);
                await SaveAsync(guest);
                return guest.ToByteArray();
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.FailedPrecondition or StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.InvalidArgument)
            {
                refusals.Add($"{host.Name}: {e.Status.Detail}");
                if (created)
                {
                    // Defined there for this attempt only: a refused start leaves nothing behind.
                    await ForgetOnAsync(host.Name, guest);
                }
            }
        }

        telemetry.Refused();
        throw new ClusterException(StatusCode.FailedPrecondition,
            $"no host can start '{Name}' ({Size(guest.Config.MemoryBytes)} memory, {guest.Config.EntitlementPercent} % entitlement): "
            + (refusals.Count == 0 ? "no host is registered and reachable" : string.Join("; ", refusals)));
    }

    public async Task<byte[]> Stop(bool force, bool graceful, uint graceMilliseconds)
    {
        var guest = Current;
        if (guest.State == GuestState.Unreachable)
        {
            throw new ClusterException(StatusCode.Unavailable, $"guest '{Name}' is unreachable: its host {guest.Host} stopped heartbeating");
        }

        RefuseWhileMigrating(guest, "stop");

        // A suspended guest stops at once: its host deletes the saved state.
        if (guest.State is not (GuestState.On or GuestState.Stopping or GuestState.Suspended))
        {
            throw new ClusterException(StatusCode.FailedPrecondition, $"guest '{Name}' is {guest.State}, not On");
        }

        var host = await HostAsync(guest.Host);
        var stopped = (await Call(host.Name, () => agents.For(host.Address).StopGuestAsync(
            new HostV1.StopGuestRequest { Name = Name, Force = force || !graceful, GraceMs = graceMilliseconds },
            deadline: DateTime.UtcNow.AddSeconds(30 + graceMilliseconds / 1000.0)).ResponseAsync))!;
        Apply(guest, stopped);
        await SaveAsync(guest);
        return guest.ToByteArray();
    }

    public async Task<byte[]> Modify(byte[] request)
    {
        var guest = Current;
        var change = ModifyGuestRequest.Parser.ParseFrom(request);
        RefuseWhileMigrating(guest, "change");
        if (guest.State is GuestState.On or GuestState.Stopping or GuestState.Migrating or GuestState.Suspended)
        {
            var needOff = new List<string>();
            if (change.HasVcpus && change.Vcpus != guest.Config.Vcpus) { needOff.Add("vCPUs (-c)"); }
            if (change.HasMemoryBytes && change.MemoryBytes != guest.Config.MemoryBytes) { needOff.Add("memory (-r)"); }
            if (change.HasImagePath && change.ImagePath != guest.Config.ImagePath) { needOff.Add("image (-i)"); }
            if (change.HasPinnedHost && change.PinnedHost != guest.Config.PinnedHost) { needOff.Add("host (-h)"); }
            if (needOff.Count > 0)
            {
                throw new ClusterException(StatusCode.FailedPrecondition,
                    $"guest '{Name}' is {guest.State}: {string.Join(", ", needOff)} can only change while it is Off (hpvm stop -P {Name} first)");
            }
        }

        // Placed guests change on their host first, which checks what it can apply while running
        // (the -x migration attributes are the controller's alone).
        if (guest.Host.Length > 0 && guest.State != GuestState.Unreachable && ChangesHost(change))
        {
            var host = await HostAsync(guest.Host);
            var modified = await Call(host.Name, () => agents.For(host.Address).ModifyGuestAsync(HostMessages.ToHost(change), deadline: Deadline()).ResponseAsync, allowNotFound: true);
            if (modified is not null)
            {
                Apply(guest, modified);
            }
        }

        var config = guest.Config;
        if (change.HasVcpus) { config.Vcpus = change.Vcpus; }
        if (change.HasMemoryBytes) { config.MemoryBytes = change.MemoryBytes; }
        if (change.HasEntitlementPercent) { config.EntitlementPercent = change.EntitlementPercent; }
        if (change.HasEntitlementCapPercent)
        {
            if (change.EntitlementCapPercent == 0) { config.ClearEntitlementCapPercent(); } else { config.EntitlementCapPercent = change.EntitlementCapPercent; }
        }
        if (change.HasStartAttribute) { config.StartAttribute = change.StartAttribute; }
        if (change.HasLabel) { config.Label = change.Label; }
        if (change.HasOsType) { config.OsType = change.OsType; }
        if (change.HasImagePath) { config.ImagePath = change.ImagePath; }
        if (change.HasPinnedHost) { config.PinnedHost = change.PinnedHost; }
        MigrationAttributes.Apply(change.Attributes, config.Migration ??= new MigrationSettings());
        Record(guest, guest.State, guest.Host, "modified");
        await SaveAsync(guest);
        return guest.ToByteArray();
    }

    public async Task Remove()
    {
        var guest = Current;
        RefuseWhileMigratingOrSuspended(guest, "remove");
        if (guest.State is GuestState.On or GuestState.Stopping)
        {
            throw new ClusterException(StatusCode.FailedPrecondition, $"guest '{Name}' is On: stop it first (hpvm stop -P {Name})");
        }

        if (guest.Host.Length > 0)
        {
            await ForgetOnAsync(guest.Host, guest, required: guest.State != GuestState.Unreachable);
        }

        await state.ClearStateAsync();
        telemetry.StateChanged(Name, guest.State.ToString(), "Removed", guest.Host, "");
        DeactivateOnIdle();
    }

    public async Task Observe(string host, byte[] hostGuest)
    {
        if (!state.RecordExists || state.State.Guest.Length == 0)
        {
            return;
        }

        var guest = Current;
        var reported = HostV1.Guest.Parser.ParseFrom(hostGuest);
        if (guest.Host != host)
        {
            // A copy on a host it no longer belongs to (it moved): not this guest's state — unless
            // it runs there and its recorded host no longer has it (moved while the controller was away).
            await AdoptIfMovedAsync(guest, host, reported);
            return;
        }

        var before = (guest.State, guest.Reason, guest.Instructions, guest.CpuTimeMs);
        Apply(guest, reported);
        if (before != (guest.State, guest.Reason, guest.Instructions, guest.CpuTimeMs))
        {
            await SaveAsync(guest, persist: before.State != guest.State);
        }
    }

    public async Task HostUnreachable(string host)
    {
        if (!state.RecordExists || state.State.Guest.Length == 0)
        {
            return;
        }

        var guest = Current;
        if (guest.Host != host || guest.State is GuestState.Off or GuestState.Unreachable)
        {
            return;
        }

        guest.Reason = $"host {host} stopped heartbeating; last known state {guest.State}";
        Record(guest, GuestState.Unreachable, host, guest.Reason);
        guest.State = GuestState.Unreachable;
        await SaveAsync(guest);
    }

    // The host agent's view: state, reason and counters; a state change joins the history.
    internal static void Apply(Guest guest, HostV1.Guest reported)
    {
        // A reply and an event of the same change race each other: a Stopping event can arrive
        // after the stop's reply already said Off. The agent numbers its views; an older one is stale.
        if (guest.HostRevisionOf == guest.Host && reported.Revision < guest.HostRevision)
        {
            return;
        }

        (guest.HostRevisionOf, guest.HostRevision) = (guest.Host, reported.Revision);
        var reportedState = HostMessages.FromHost(reported.State);
        if (reportedState == GuestState.On && guest.Migration is { InProgress: true })
        {
            // Still running on the source while the migration lasts.
            reportedState = GuestState.Migrating;
        }
        else if (reportedState == GuestState.Migrating && guest.Migration is not { InProgress: true })
        {
            // The source's view from before the migration ended here (cancelled, failed, or the
            // controller restarted), or while it unwinds: the guest runs there, it is On.
            reportedState = GuestState.On;
        }

        if (reportedState != guest.State)
        {
            Record(guest, reportedState, guest.Host, reported.Reason);
        }

        guest.State = reportedState;
        guest.Reason = reported.Reason;
        if (reported.HasExitStatus) { guest.ExitStatus = reported.ExitStatus; } else { guest.ClearExitStatus(); }
        guest.Instructions = reported.Instructions;
        guest.CpuTimeMs = reported.CpuTimeMs;
        guest.MemoryUsedBytes = reported.MemoryUsedBytes;
    }

    private static void Record(Guest guest, GuestState state, string host, string reason)
    {
        guest.History.Add(new StateChange { UnixTimeMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), State = state, Host = host, Reason = reason });
        while (guest.History.Count > HistoryLength)
        {
            guest.History.RemoveAt(0);
        }
    }

    private async Task SaveAsync(Guest guest, bool persist = true)
    {
        var before = state.State.Guest.Length > 0 ? Guest.Parser.ParseFrom(state.State.Guest) : null;
        if (before is null || before.State != guest.State)
        {
            telemetry.StateChanged(Name, before?.State.ToString() ?? "", guest.State.ToString(), guest.Host, guest.Reason);
        }

        state.State.Guest = guest.ToByteArray();
        if (persist)
        {
            await state.WriteStateAsync();
        }
    }

    // Where to try: the pinned host; else the host it last ran on when it has room, then every
    // reachable host by most free memory, then most free entitlement. Hosts without room are
    // refused here with the reason, before any agent is asked.
    private async Task<List<ClusterHost>> CandidatesAsync(Guest guest, List<string> refusals)
    {
        var registry = GrainFactory.GetGrain<IRegistryGrain>("cluster");
        var hosts = new List<ClusterHost>();
        foreach (string name in await registry.Hosts())
        {
            byte[] bytes = await GrainFactory.GetGrain<IHostGrain>(name).Get();
            if (bytes.Length > 0)
            {
                hosts.Add(ClusterHost.Parser.ParseFrom(bytes));
            }
        }

        var config = guest.Config;
        if (config.PinnedHost.Length > 0)
        {
            hosts = hosts.Where(h => h.Name == config.PinnedHost).ToList();
            if (hosts.Count == 0)
            {
                throw new ClusterException(StatusCode.FailedPrecondition, $"guest '{Name}' is pinned to host '{config.PinnedHost}', which is not registered");
            }
        }

        var usable = new List<ClusterHost>();
        foreach (var host in hosts)
        {
            ulong freeMemory = host.MemoryTotalBytes - Math.Min(host.MemoryTotalBytes, host.MemoryCommittedBytes);
            int freeEntitlement = host.EntitlementTotalPercent - host.EntitlementCommittedPercent;
            if (host.State != Cluster.V1.HostState.Up)
            {
                refusals.Add($"{host.Name}: unreachable");
            }
            else if (freeMemory < config.MemoryBytes)
            {
                refusals.Add($"{host.Name}: {Size(freeMemory)} memory free, {Size(config.MemoryBytes)} needed");
            }
            else if (freeEntitlement < config.EntitlementPercent)
            {
                refusals.Add($"{host.Name}: {freeEntitlement} % entitlement free, {config.EntitlementPercent} % needed");
            }
            else
            {
                usable.Add(host);
            }
        }

        return usable
            .OrderByDescending(h => h.Name == guest.Host)
            .ThenByDescending(h => h.MemoryTotalBytes - h.MemoryCommittedBytes)
            .ThenByDescending(h => h.EntitlementTotalPercent - h.EntitlementCommittedPercent)
            .ThenBy(h => h.Name, StringComparer.Ordinal)
            .ToList();
    }

    // The guest's definition on the host matches the controller's: created if missing, brought up
    // to date if it was changed while elsewhere.
    // True when it was created now (false: it was already there and has been brought up to date).
    private async Task<bool> EnsureDefinedAsync(HostV1.HostAgent.HostAgentClient client, Guest guest)
    {
        try
        {
            await client.CreateGuestAsync(new HostV1.CreateGuestRequest { Config = HostMessages.ToHost(guest.Config) }, deadline: Deadline());
            return true;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
        {
            var config = guest.Config;
            var sync = new HostV1.ModifyGuestRequest
            {
                Name = config.Name, Vcpus = config.Vcpus, MemoryBytes = config.MemoryBytes, EntitlementPercent = config.EntitlementPercent,
                EntitlementCapPercent = config.HasEntitlementCapPercent ? config.EntitlementCapPercent : 0,
                Label = config.Label, OsType = config.OsType,
            };
            if (config.ImagePath.Length > 0)
            {
                sync.ImagePath = config.ImagePath;
            }

            await client.ModifyGuestAsync(sync, deadline: Deadline());
            return false;
        }
    }

    private async Task ForgetOnAsync(string hostName, Guest guest, bool required = false)
    {
        byte[] bytes = await GrainFactory.GetGrain<IHostGrain>(hostName).Get();
        if (bytes.Length == 0)
        {
            return;
        }

        var host = ClusterHost.Parser.ParseFrom(bytes);
        try
        {
            await agents.For(host.Address).RemoveGuestAsync(new HostV1.RemoveGuestRequest { Name = guest.Config.Name }, deadline: Deadline());
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound || (!required && e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded))
        {
        }
        catch (RpcException e)
        {
            throw new ClusterException(e.StatusCode == StatusCode.Unavailable ? StatusCode.Unavailable : StatusCode.FailedPrecondition,
                $"host {hostName} could not remove '{guest.Config.Name}': {e.Status.Detail}");
        }
    }

    private async Task<ClusterHost> HostAsync(string name)
    {
        byte[] bytes = name.Length == 0 ? [] : await GrainFactory.GetGrain<IHostGrain>(name).Get();
        var host = bytes.Length == 0
            ? throw new ClusterException(StatusCode.FailedPrecondition, $"guest '{Name}' is not placed on a host")
            : ClusterHost.Parser.ParseFrom(bytes);
        return host.State == Cluster.V1.HostState.Up
            ? host
            : throw new ClusterException(StatusCode.Unavailable, $"host {name} of guest '{Name}' is unreachable (no heartbeat)");
    }

    private static async Task<T?> Call<T>(string host, Func<Task<T>> call, bool allowNotFound = false)
        where T : class
    {
        try
        {
            return await call();
        }
        catch (RpcException e) when (allowNotFound && e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented)
        {
            throw new ClusterException(e.StatusCode, $"host {host}: its agent does not offer this operation (it runs an older Ivm; upgrade it)");
        }
        catch (RpcException e)
        {
            throw new ClusterException(e.StatusCode, $"host {host}: {e.Status.Detail}");
        }
    }

    private static DateTime Deadline() => DateTime.UtcNow.AddSeconds(15);

    private static string Size(ulong bytes) =>
        bytes >= 1UL << 30 && bytes % (1UL << 30) == 0 ? $"{bytes >> 30}G"
        : bytes >= 1UL << 20 ? $"{bytes >> 20}M" : $"{bytes >> 10}K";
}
