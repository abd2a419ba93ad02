using Grpc.Core;
using Grpc.Net.Client;
using Ivm.Cluster.V1;
using Ivm.Tests.Shared;
using Xunit;
using HostV1 = Ivm.Host.V1;

namespace Ivm.Controller.Tests;

/// <summary>
/// A guest that moved while the controller was away (as a switch-over it did not see): the
/// controller, restarted, finds it On at another host whose report says so and, since its recorded
/// host no longer has it, records it there — a guest is never recorded on a host that does not run it.
/// </summary>
public sealed class AdoptionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AGuestFoundRunningElsewhereIsAdoptedWhenItsHostNoLongerHasIt()
    {
        string root = TestDirectories.NewTemporary("controller-adoption");
        await using var controller = await Component.StartControllerAsync(Path.Combine(root, "controller"));
        await using var host1 = await Component.StartHostAsync(Path.Combine(root, "host1"), "host1", controller.Url, "--memory", "512M", "--cores", "1");
        await using var host2 = await Component.StartHostAsync(Path.Combine(root, "host2"), "host2", controller.Url, "--memory", "512M", "--cores", "1");
        using (var channel = GrpcChannel.ForAddress(controller.Url))
        {
            var cluster = new Cluster.V1.Cluster.ClusterClient(channel);
            await Eventually.HoldsAsync(async () => (await cluster.ListHostsAsync(new ListHostsRequest())).Hosts, h => h.Count(x => x.State == HostState.Up) == 2, Timeout, "two hosts up");
            await cluster.CreateGuestAsync(new CreateGuestRequest { Config = MigrationChecksTests.Config("g", 32 << 20, "host1") });
            Assert.Equal("host1", (await cluster.StartGuestAsync(new StartGuestRequest { Name = "g" })).Host);
        }

        // While the controller is down, the guest leaves host1 and runs on host2.
        await controller.KillAsync();
        using (var agent1 = GrpcChannel.ForAddress(host1.Url))
        using (var agent2 = GrpcChannel.ForAddress(host2.Url))
        {
            var one = new HostV1.HostAgent.HostAgentClient(agent1);
            var two = new HostV1.HostAgent.HostAgentClient(agent2);
            var config = (await one.GetGuestAsync(new HostV1.GetGuestRequest { Name = "g" })).Config;
            await one.StopGuestAsync(new HostV1.StopGuestRequest { Name = "g", Force = true });
            await one.RemoveGuestAsync(new HostV1.RemoveGuestRequest { Name = "g" });
            await two.CreateGuestAsync(new HostV1.CreateGuestRequest { Config = config });
            await two.StartGuestAsync(new HostV1.StartGuestRequest { Name = "g" });
        }

        await controller.StartAsync();
        using var again = GrpcChannel.ForAddress(controller.Url);
        var restarted = new Cluster.V1.Cluster.ClusterClient(again);
        var guest = await Eventually.HoldsAsync(async () => await restarted.GetGuestAsync(new GetGuestRequest { Name = "g" }), g => g.Host == "host2", Timeout, "g recorded on host2");
        Assert.Equal((GuestState.On, "host2"), (guest.State, guest.Config.PinnedHost));
        Assert.Contains(guest.History, h => h.Reason == "found running on host2, no longer on host1" && h.Host == "host2");

        // Its console comes from host2 now.
        using var call = restarted.WatchConsole(new WatchConsoleRequest { Name = "g", Follow = false });
        var text = new System.Text.StringBuilder();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            text.Append(chunk.Data.ToStringUtf8());
        }

        Assert.StartsWith("count 0\n", text.ToString(), StringComparison.Ordinal);

        await host1.KillAsync();
        await host2.KillAsync();
        await controller.KillAsync();
        Directory.Delete(root, recursive: true);
    }
}
