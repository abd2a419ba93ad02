using Grpc.Core;
using Grpc.Net.Client;
using Ivm.Cluster.V1;
using Ivm.Migration.V1;
using Ivm.Tests.Shared;
using Xunit;
using HostV1 = Ivm.Host.V1;

namespace Ivm.Controller.Tests;

/// <summary>
/// The controller's side of migration against a real controller and two real host agents: every
/// refusal names why and moves nothing (unknown target, the guest's own host, a target short of
/// memory, -o on an Off guest, an Off-only move of a running guest, online_migration=disabled,
/// -s as well), the -x attributes are checked, kept and survive a controller restart, and
/// suspend/resume refuse the wrong states by name.
/// </summary>
public sealed class MigrationChecksTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RefusalsNameTheReasonAndMoveNothing()
    {
        await using var hosts = await TwoHosts.StartAsync("controller-migration-checks", host2Memory: "128M");
        var (controller, host2, cluster) = (hosts.Controller, hosts.Host2, hosts.Cluster);
        await cluster.CreateGuestAsync(new CreateGuestRequest { Config = Config("g", 32 << 20, "host1") });
        await cluster.CreateGuestAsync(new CreateGuestRequest { Config = Config("big", 200 << 20, "host1") });
        await cluster.CreateGuestAsync(new CreateGuestRequest { Config = Config("off", 32 << 20, "") });
        await cluster.StartGuestAsync(new StartGuestRequest { Name = "g" });
        await cluster.StartGuestAsync(new StartGuestRequest { Name = "big" });

        await Refused(cluster, Online("g", "nowhere"), StatusCode.NotFound, "host 'nowhere' is not registered with the controller; registered: host1, host2");
        await Refused(cluster, Online("g", "host1"), StatusCode.FailedPrecondition, "guest 'g' is already on host host1; name another host with -h (host2)");
        await Refused(cluster, Online("big", "host2"), StatusCode.FailedPrecondition, "host host2 has 128M memory free; 'big' needs 200M (72M short)");
        await Refused(cluster, Online("off", "host2"), StatusCode.FailedPrecondition, "guest 'off' is Off: online migration (-o) moves a running guest; without -o it moves offline");
        await Refused(cluster, new MigrateGuestRequest { Name = "g", TargetHost = "host2" }, StatusCode.FailedPrecondition,
            "guest 'g' is On: an offline migration (without -o) moves an Off guest; use -o to move it while it runs, or stop it first");
        await Refused(cluster, new MigrateGuestRequest { Name = "nobody", TargetHost = "host2", Online = true }, StatusCode.NotFound, "guest 'nobody' does not exist");
        await Refused(cluster, new MigrateGuestRequest { Name = "g", Online = true }, StatusCode.InvalidArgument, "the target host is required (-h HOST");
        // -s runs the same checks.
        await Refused(cluster, new MigrateGuestRequest { Name = "big", TargetHost = "host2", Online = true, CheckOnly = true }, StatusCode.FailedPrecondition, "(72M short)");

        // online_migration=disabled: kept, and refuses -o (and -s -o) until enabled again.
        var modified = await cluster.ModifyGuestAsync(new ModifyGuestRequest { Name = "g", Attributes = { ["online_migration"] = "disabled", ["migrate_init_phase_timeout"] = "120", ["migrate_frozen_phase_timeout"] = "5" } });
        Assert.True(modified.Config.Migration.OnlineMigrationDisabled);
        Assert.Equal(GuestState.On, modified.State);
        await Refused(cluster, Online("g", "host2"), StatusCode.FailedPrecondition, "online migration of 'g' is disabled (hpvm modify -P g -x online_migration=enabled allows it)");
        await Refused(cluster, new MigrateGuestRequest { Name = "g", TargetHost = "host2", Online = true, CheckOnly = true }, StatusCode.FailedPrecondition, "online migration of 'g' is disabled");

        var unknown = await Assert.ThrowsAsync<RpcException>(async () => await cluster.ModifyGuestAsync(new ModifyGuestRequest { Name = "g", Attributes = { ["fast_migration"] = "yes" } }));
        Assert.Equal(StatusCode.InvalidArgument, unknown.StatusCode);
        Assert.Equal("-x fast_migration=yes: unknown attribute 'fast_migration'; known: online_migration, migrate_init_phase_timeout, migrate_copy_phase_timeout, migrate_io_quiesce_phase_timeout, migrate_frozen_phase_timeout", unknown.Status.Detail);
        var badValue = await Assert.ThrowsAsync<RpcException>(async () => await cluster.ModifyGuestAsync(new ModifyGuestRequest { Name = "g", Attributes = { ["online_migration"] = "maybe" } }));
        Assert.Equal("-x online_migration=maybe: online_migration is enabled or disabled", badValue.Status.Detail);
        var badTimeout = await Assert.ThrowsAsync<RpcException>(async () => await cluster.ModifyGuestAsync(new ModifyGuestRequest { Name = "g", Attributes = { ["migrate_copy_phase_timeout"] = "-1" } }));
        Assert.Equal("-x migrate_copy_phase_timeout=-1: a timeout is whole seconds from 0 (HPVM's default) to 4294967", badTimeout.Status.Detail);

        // Nothing else running: no migration to cancel; suspend and resume refuse the wrong states.
        var cancel = await Assert.ThrowsAsync<RpcException>(async () => await cluster.CancelMigrationAsync(new CancelMigrationRequest { Name = "g" }));
        Assert.Equal((StatusCode.FailedPrecondition, "no migration of 'g' is running (hpvm status -P g shows the last one)"), (cancel.StatusCode, cancel.Status.Detail));
        var suspendOff = await Assert.ThrowsAsync<RpcException>(async () => await cluster.SuspendGuestAsync(new SuspendGuestRequest { Name = "off" }));
        Assert.Equal((StatusCode.FailedPrecondition, "guest 'off' is Off: only an On guest can be suspended"), (suspendOff.StatusCode, suspendOff.Status.Detail));
        var resumeOn = await Assert.ThrowsAsync<RpcException>(async () => await cluster.ResumeGuestAsync(new ResumeGuestRequest { Name = "g" }));
        Assert.Equal((StatusCode.FailedPrecondition, "guest 'g' is On, not Suspended: only a suspended guest can be resumed (hpvm start -P g starts an Off one)"), (resumeOn.StatusCode, resumeOn.Status.Detail));

        // Nothing moved: both still On on host1, no migration recorded, host2 holds neither.
        foreach (string name in new[] { "g", "big" })
        {
            var guest = await cluster.GetGuestAsync(new GetGuestRequest { Name = name });
            Assert.Equal((GuestState.On, "host1"), (guest.State, guest.Host));
            Assert.True(guest.Migration is null || (!guest.Migration.InProgress && guest.Migration.LastResult is null), guest.ToString());
        }

        using (var agent = GrpcChannel.ForAddress(host2.Url))
        {
            Assert.Empty((await new HostV1.HostAgent.HostAgentClient(agent).ListGuestsAsync(new HostV1.ListGuestsRequest())).Guests);
        }

        // The attributes survive a controller restart (kill -9).
        await controller.KillAsync();
        await controller.StartAsync();
        using var again = GrpcChannel.ForAddress(controller.Url);
        var restarted = await new Cluster.V1.Cluster.ClusterClient(again).GetGuestAsync(new GetGuestRequest { Name = "g" });
        Assert.True(restarted.Config.Migration.OnlineMigrationDisabled);
        Assert.Equal((120_000u, 0u, 0u, 5_000u), (restarted.Config.Migration.Timeouts.InitMs, restarted.Config.Migration.Timeouts.CopyMs,
            restarted.Config.Migration.Timeouts.IoQuiesceMs, restarted.Config.Migration.Timeouts.FrozenMs));
    }

    internal static GuestConfig Config(string name, ulong memory, string host) => new()
    {
        Name = name, MemoryBytes = memory, EntitlementPercent = 10, ImagePath = Component.Counter, PinnedHost = host,
    };

    private static MigrateGuestRequest Online(string name, string target) => new() { Name = name, TargetHost = target, Online = true };

    private static async Task Refused(Cluster.V1.Cluster.ClusterClient cluster, MigrateGuestRequest request, StatusCode code, string message)
    {
        var refusal = await Assert.ThrowsAsync<RpcException>(async () => await ReadAllAsync(cluster, request));
        Assert.Equal(code, refusal.StatusCode);
        Assert.Contains(message, refusal.Status.Detail, StringComparison.Ordinal);
    }

    internal static async Task<List<MigrationProgress>> ReadAllAsync(Cluster.V1.Cluster.ClusterClient cluster, MigrateGuestRequest request)
    {
        using var call = cluster.MigrateGuest(request, deadline: DateTime.UtcNow.AddMinutes(2));
        var messages = new List<MigrationProgress>();
        await foreach (var progress in call.ResponseStream.ReadAllAsync())
        {
            messages.Add(progress);
        }

        return messages;
    }
}
