using Grpc.Core;
using Grpc.Net.Client;
using Ivm.Cluster.V1;
using Ivm.Tests.Shared;
using Xunit;

namespace Ivm.Controller.Tests;

/// <summary>
/// hpvm suspend and resume through a real controller to a real agent: the guest becomes Suspended
/// on its host (its memory freed there), refuses start and remove by name, resumes on the same host
/// and goes on counting where it stopped; a stop discards a suspended guest's saved state.
/// </summary>
public sealed class SuspendRelayTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SuspendAndResumeAreRelayedToTheGuestsHost()
    {
        string root = TestDirectories.NewTemporary("controller-suspend");
        await using var controller = await Component.StartControllerAsync(Path.Combine(root, "controller"));
        await using var host1 = await Component.StartHostAsync(Path.Combine(root, "host1"), "host1", controller.Url, "--memory", "512M", "--cores", "1");
        using var channel = GrpcChannel.ForAddress(controller.Url);
        var cluster = new Cluster.V1.Cluster.ClusterClient(channel);
        await Eventually.HoldsAsync(async () => (await cluster.ListHostsAsync(new ListHostsRequest())).Hosts, h => h.Count(x => x.State == HostState.Up) == 1, Timeout, "the host up");
        await cluster.CreateGuestAsync(new CreateGuestRequest { Config = MigrationChecksTests.Config("g", 64 << 20, "") });
        await cluster.StartGuestAsync(new StartGuestRequest { Name = "g" });
        using var stop = new CancellationTokenSource();
        var console = new ConsoleRecorder();
        var watching = console.WatchAsync(cluster, "g", stop.Token);
        await Eventually.HoldsAsync(() => Task.FromResult(console.Text), t => t.Contains("count 2\n", StringComparison.Ordinal), Timeout, "counting");

        var suspended = await cluster.SuspendGuestAsync(new SuspendGuestRequest { Name = "g" });
        Assert.Equal((GuestState.Suspended, "host1"), (suspended.State, suspended.Host));
        Assert.Equal(GuestState.Suspended, suspended.History[^1].State);
        await Eventually.HoldsAsync(async () => (await cluster.ListHostsAsync(new ListHostsRequest())).Hosts[0], h => h.MemoryCommittedBytes == 0, Timeout, "its memory freed");
        int atSuspend = console.Text.Length;
        var start = await Assert.ThrowsAsync<RpcException>(async () => await cluster.StartGuestAsync(new StartGuestRequest { Name = "g" }));
        Assert.Equal("guest 'g' is Suspended on host host1: hpvm resume -P g continues it (hpvm stop -P g discards its saved state)", start.Status.Detail);
        var remove = await Assert.ThrowsAsync<RpcException>(async () => await cluster.RemoveGuestAsync(new RemoveGuestRequest { Name = "g" }));
        Assert.Equal(StatusCode.FailedPrecondition, remove.StatusCode);
        Assert.Equal(GuestState.Suspended, (await cluster.GetGuestAsync(new GetGuestRequest { Name = "g" })).State);

        var resumed = await cluster.ResumeGuestAsync(new ResumeGuestRequest { Name = "g" });
        Assert.Equal((GuestState.On, "host1"), (resumed.State, resumed.Host));
        await Eventually.HoldsAsync(() => Task.FromResult(console.Text[atSuspend..]), t => t.Split('\n').Length > 3, Timeout, "counting again");
        // It went on from where it stopped: the count never restarted and never repeated.
        var numbers = console.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => int.Parse(l["count ".Length..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(0, numbers.Count), numbers);
        Assert.True(console.Contiguous, console.Offsets);

        // Suspended again, then stopped: Off, its saved state discarded.
        await cluster.SuspendGuestAsync(new SuspendGuestRequest { Name = "g" });
        var stopped = await cluster.StopGuestAsync(new StopGuestRequest { Name = "g", Force = true });
        Assert.Equal(GuestState.Off, stopped.State);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(root, "host1"), "*.ivmsave", SearchOption.AllDirectories));

        await stop.CancelAsync();
        await host1.KillAsync();
        await controller.KillAsync();
        Directory.Delete(root, recursive: true);
    }
}
