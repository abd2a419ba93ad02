using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Ivm.Cluster.V1;
using Ivm.Controller.Hosts;
using Ivm.Migration.V1;
using ClusterHost = Ivm.Cluster.V1.Host;
using HostV1 = Ivm.Host.V1;

namespace Ivm.Controller.Grains;

// Migration as the guest's record sees it: the checks, the in-progress mark, the one write that
// moves the guest at switch-over, and reconciliation when the controller lost track of one.
// The migration itself runs outside the grain (Migrations/MigrationRuns), so the grain keeps
// answering status, console and host reports while it lasts.
internal sealed partial class GuestGrain
{
    private IMigrationCanceller? _canceller;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists && state.State.Guest.Length > 0)
        {
            var guest = Current;
            if (guest.Migration is { InProgress: true } migration && !runs.IsRunning(migration.MigrationId))
            {
                // Its driver died with the controller; the source agent abandoned it when the call
                // went away. Where the guest really runs is reconciled from the agents' reports.
                Finish(guest, migration, new MigrationResult { Error = "abandoned: the controller restarted during the migration" }, online: guest.State == GuestState.Migrating);
                await SaveAsync(guest);
            }
        }

        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<MigrationPlan> BeginMigration(byte[] request, bool checkOnly, IMigrationCanceller? canceller)
    {
        var ask = MigrateGuestRequest.Parser.ParseFrom(request);
        var guest = Current;
        if (guest.Migration is { InProgress: true } running)
        {
            throw Refused($"guest '{Name}' is already being migrated from {running.SourceHost} to {running.TargetHost} (hpvm migrate -P {Name} --cancel abandons it)");
        }

        if (ask.Online)
        {
            if (guest.State != GuestState.On)
            {
                throw Refused($"guest '{Name}' is {guest.State}: online migration (-o) moves a running guest"
                    + (guest.State is GuestState.Off or GuestState.Crashed ? "; without -o it moves offline" : ""));
            }

            if (guest.Config.Migration is { OnlineMigrationDisabled: true })
            {
                throw Refused($"online migration of '{Name}' is disabled (hpvm modify -P {Name} -x online_migration=enabled allows it)");
            }
        }
        else if (guest.State is not (GuestState.Off or GuestState.Crashed))
        {
            throw Refused($"guest '{Name}' is {guest.State}: an offline migration (without -o) moves an Off guest; use -o to move it while it runs, or stop it first");
        }

        var hosts = await HostsAsync();
        var target = hosts.FirstOrDefault(h => h.Name == ask.TargetHost)
            ?? throw new ClusterException(StatusCode.NotFound,
                $"host '{ask.TargetHost}' is not registered with the controller; registered: {(hosts.Count == 0 ? "none" : string.Join(", ", hosts.Select(h => h.Name)))}");
        if (target.Name == guest.Host)
        {
            var others = hosts.Where(h => h.Name != guest.Host).Select(h => h.Name).ToList();
            throw Refused($"guest '{Name}' is already on host {guest.Host}; name another host with -h ({(others.Count == 0 ? "no other host is registered" : string.Join(", ", others))})");
        }

        if (target.State != Cluster.V1.HostState.Up)
        {
            throw Refused($"host {target.Name} is unreachable (no heartbeat): it cannot receive '{Name}'");
        }

        CheckRoom(guest.Config, target, ask.Online);
        var source = guest.Host.Length > 0 ? await HostAsync(guest.Host) : null;
        string id = Guid.NewGuid().ToString("N")[..16];
        var agentRequest = new HostV1.MigrateGuestRequest
        {
            Name = Name, MigrationId = id, TargetUrl = target.Address, TargetHost = target.Name,
            Token = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(32)),
            Online = ask.Online, CheckOnly = checkOnly, DowntimeMs = ask.DowntimeMs, BandwidthMbPerS = ask.BandwidthMbPerS,
            MaxTotalMs = ask.MaxTotalMs, Timeouts = guest.Config.Migration?.Timeouts?.Clone() ?? new PhaseTimeouts(),
            TargetConfig = HostMessages.ToHost(guest.Config),
        };
        var plan = new MigrationPlan
        {
            MigrationId = id, SourceHost = source?.Name ?? "", SourceAddress = source?.Address ?? "",
            TargetHost = target.Name, TargetAddress = target.Address, AgentRequest = agentRequest.ToByteArray(), Online = ask.Online,
        };
        if (checkOnly)
        {
            return plan;
        }

        var status = guest.Migration ?? new MigrationStatus();
        status.InProgress = true;
        status.MigrationId = id;
        status.SourceHost = guest.Host;
        status.TargetHost = target.Name;
        status.StartedUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        status.Progress = null;
        guest.Migration = status;
        if (ask.Online)
        {
            Record(guest, GuestState.Migrating, guest.Host, $"migrating to {target.Name}");
            guest.State = GuestState.Migrating;
        }

        await SaveAsync(guest);
        _canceller = canceller;
        // The canceller lives in this activation's memory: keep it for the migration's life.
        DelayDeactivation(TimeSpan.FromMilliseconds(ask.MaxTotalMs == 0 ? 600_000 : ask.MaxTotalMs) + TimeSpan.FromMinutes(5));
        return plan;
    }

    public Task MigrationProgressed(string migrationId, byte[] progress)
    {
        var guest = Current;
        if (guest.Migration is { InProgress: true } status && status.MigrationId == migrationId)
        {
            status.Progress = MigrationProgress.Parser.ParseFrom(progress);
            state.State.Guest = guest.ToByteArray();    // figures change often: kept, written with the next change
        }

        return Task.CompletedTask;
    }

    public async Task<byte[]> FinishMigration(string migrationId, byte[] result, bool online)
    {
        var guest = Current;
        // A late report of a migration already settled (e.g. marked abandoned after a restart)
        // still counts when it succeeded: the guest then runs on the target.
        if (guest.Migration is not { } status || status.MigrationId != migrationId)
        {
            return guest.ToByteArray();
        }

        var outcome = MigrationResult.Parser.ParseFrom(result);
        if (!status.InProgress && !outcome.Success)
        {
            return guest.ToByteArray();
        }

        Finish(guest, status, outcome, online);
        await SaveAsync(guest);
        return guest.ToByteArray();
    }

    public async Task CancelMigration()
    {
        var guest = Current;
        if (guest.Migration is not { InProgress: true } status)
        {
            throw Refused($"no migration of '{Name}' is running (hpvm status -P {Name} shows the last one)");
        }

        if (status.Progress is { Phase: MigrationPhase.Frozen })
        {
            throw Refused($"the migration of '{Name}' to {status.TargetHost} is in its Frozen phase, switching over: too late to cancel");
        }

        if (_canceller is { } canceller)
        {
            await canceller.Cancel();
            return;
        }

        // No driver holds it (this activation began after the one that started it).
        Finish(guest, status, new MigrationResult { Error = "cancelled (hpvm migrate --cancel); no controller was driving it any more" }, online: guest.State == GuestState.Migrating);
        await SaveAsync(guest);
    }

    public async Task Vanished(string host)
    {
        if (!state.RecordExists || state.State.Guest.Length == 0)
        {
            return;
        }

        var guest = Current;
        if (guest.Host != host || guest.Migration is { InProgress: true } || guest.State is GuestState.Off or GuestState.Crashed)
        {
            return;
        }

        // Its host let it go: if a migration's target runs it, it moved there while the controller was away.
        string target = guest.Migration?.LastTargetHost ?? "";
        if (target.Length > 0 && target != host && await ReportFromAsync(target) is { } there)
        {
            await AdoptIfMovedAsync(guest, target, there);
        }
    }

    // The guest runs at `host`, not at its recorded host: adopted when the recorded host no longer
    // has it (a switch-over the controller did not see); never while a migration it drives runs.
    private async Task AdoptIfMovedAsync(Guest guest, string host, HostV1.Guest reported)
    {
        if (guest.Migration is { InProgress: true } || HostMessages.FromHost(reported.State) is not (GuestState.On or GuestState.Migrating))
        {
            return;
        }

        if (guest.Host.Length > 0 && !await GoneFromAsync(guest.Host))
        {
            return;
        }

        string from = guest.Host;
        guest.Host = host;
        if (guest.Config.PinnedHost == from)
        {
            guest.Config.PinnedHost = host;
        }

        if (guest.Migration is { LastTargetHost: var target, LastResult: { Success: false } last } && target == host)
        {
            last.Error += $"; the switch-over had happened: the guest was found running on {host}";
        }

        guest.State = HostMessages.FromHost(reported.State);
        Record(guest, guest.State, host, $"found running on {host}, no longer on {from}");
        Apply(guest, reported);
        moves.Moved(Name);
        await SaveAsync(guest);
    }

    // True when the host's agent answers that it does not have the guest.
    private async Task<bool> GoneFromAsync(string hostName)
    {
        byte[] bytes = await GrainFactory.GetGrain<IHostGrain>(hostName).Get();
        if (bytes.Length == 0)
        {
            return true;
        }

        try
        {
            await agents.For(ClusterHost.Parser.ParseFrom(bytes).Address).GetGuestAsync(new HostV1.GetGuestRequest { Name = Name }, deadline: DateTime.UtcNow.AddSeconds(5));
            return false;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return true;
        }
        catch (RpcException)
        {
            return false;
        }
    }

    private async Task<HostV1.Guest?> ReportFromAsync(string hostName)
    {
        byte[] bytes = await GrainFactory.GetGrain<IHostGrain>(hostName).Get();
        if (bytes.Length == 0)
        {
            return null;
        }

        try
        {
            return await agents.For(ClusterHost.Parser.ParseFrom(bytes).Address).GetGuestAsync(new HostV1.GetGuestRequest { Name = Name }, deadline: DateTime.UtcNow.AddSeconds(5));
        }
        catch (RpcException)
        {
            return null;
        }
    }

    // Settles the migration in the record (the caller writes it once): on success the guest's host
    // becomes the target in the same write as the figures. After a failure an online migration's
    // guest runs on where it was (the driver then refreshes its state from that host's report).
    private void Finish(Guest guest, MigrationStatus status, MigrationResult outcome, bool online)
    {
        status.InProgress = false;
        status.Progress = null;
        status.LastResult = outcome;
        status.LastSourceHost = status.SourceHost;
        status.LastTargetHost = status.TargetHost;
        status.LastFinishedUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        _canceller = null;
        if (outcome.Success)
        {
            string from = guest.Host;
            guest.Host = status.TargetHost;
            if (guest.Config.PinnedHost.Length > 0 && guest.Config.PinnedHost == from)
            {
                guest.Config.PinnedHost = status.TargetHost;
            }

            var now = online ? GuestState.On : guest.State;
            guest.Reason = from.Length > 0 ? $"migrated {(online ? "online" : "offline")} from {from}" : "moved to its host";
            Record(guest, now, guest.Host, guest.Reason);
            guest.State = now;
            moves.Moved(Name);
        }
        else if (online && guest.State == GuestState.Migrating)
        {
            guest.Reason = $"migration to {status.TargetHost} abandoned: {outcome.Error}";
            Record(guest, GuestState.On, guest.Host, guest.Reason);
            guest.State = GuestState.On;
        }
    }

    private static void CheckRoom(GuestConfig config, ClusterHost target, bool online)
    {
        if (online)
        {
            ulong free = target.MemoryTotalBytes - Math.Min(target.MemoryTotalBytes, target.MemoryCommittedBytes);
            int freeEntitlement = target.EntitlementTotalPercent - target.EntitlementCommittedPercent;
            if (free < config.MemoryBytes)
            {
                throw Refused($"host {target.Name} has {Size(free)} memory free; '{config.Name}' needs {Size(config.MemoryBytes)} ({Size(config.MemoryBytes - free)} short)");
            }

            if (freeEntitlement < config.EntitlementPercent)
            {
                throw Refused($"host {target.Name} has {freeEntitlement} % entitlement free; '{config.Name}' needs {config.EntitlementPercent} % ({config.EntitlementPercent - freeEntitlement} % short)");
            }
        }
        else if (target.MemoryTotalBytes < config.MemoryBytes)
        {
            // Off, it takes nothing there yet, but it must be able to start there at all.
            throw Refused($"host {target.Name} has {Size(target.MemoryTotalBytes)} memory in all; '{config.Name}' needs {Size(config.MemoryBytes)} to start there");
        }
    }

    private async Task<List<ClusterHost>> HostsAsync()
    {
        var hosts = new List<ClusterHost>();
        foreach (string name in await GrainFactory.GetGrain<IRegistryGrain>("cluster").Hosts())
        {
            byte[] bytes = await GrainFactory.GetGrain<IHostGrain>(name).Get();
            if (bytes.Length > 0)
            {
                hosts.Add(ClusterHost.Parser.ParseFrom(bytes));
            }
        }

        return hosts;
    }

    private void RefuseWhileMigrating(Guest guest, string verb)
    {
        if (guest.Migration is { InProgress: true } m)
        {
            throw Refused($"guest '{Name}' is being migrated from {m.SourceHost} to {m.TargetHost}: {verb} it after the migration ends (hpvm migrate -P {Name} --cancel abandons it)");
        }
    }

    // A suspended guest's state is in its host's save file: it resumes there, or a stop discards it.
    private void RefuseWhileMigratingOrSuspended(Guest guest, string verb)
    {
        RefuseWhileMigrating(guest, verb);
        if (guest.State == GuestState.Suspended)
        {
            throw Refused(verb == "start"
                ? $"guest '{Name}' is Suspended on host {guest.Host}: hpvm resume -P {Name} continues it (hpvm stop -P {Name} discards its saved state)"
                : $"guest '{Name}' is Suspended on host {guest.Host}: stop it first (hpvm stop -P {Name} discards its saved state) or resume it (hpvm resume -P {Name})");
        }
    }

    private static bool ChangesHost(ModifyGuestRequest change) =>
        change.HasVcpus || change.HasMemoryBytes || change.HasEntitlementPercent || change.HasEntitlementCapPercent
        || change.HasLabel || change.HasOsType || change.HasImagePath;

    private static ClusterException Refused(string message) => new(StatusCode.FailedPrecondition, message);
}
