using Grpc.Core;
using Grpc.Net.Client;
using Ivm.Cluster.V1;
using Ivm.Tests.Shared;
using Xunit;
using HostV1 = Ivm.Host.V1;

namespace Ivm.Controller.Tests;

/// <summary>
/// Admission control as HPVM does it: a guest that no host can hold (memory or entitlement) is
/// refused at start with each host's shortfall named, stays Off and unplaced, and no host agent is
/// left holding a copy of it; bad values are refused at create and nothing is created.
/// </summary>
public sealed class AdmissionTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task StartsBeyondCapacityAreRefusedWithTheReasonAndLeaveNothingBehind(string storage)
    {
        string root = TestDirectories.NewTemporary("controller-admission");
        string[] options = storage == "postgres"
            ? ["--storage", "postgres", "--postgres", PostgresClusterTests.StartPostgres(), "--cluster-id", $"test-{Guid.NewGuid():N}"]
            : [];
        await using var controller = await Component.StartControllerAsync(Path.Combine(root, "controller"), options);
        await using var host1 = await Component.StartHostAsync(Path.Combine(root, "host1"), "host1", controller.Url, "--memory", "256M", "--cores", "1");
        await using var host2 = await Component.StartHostAsync(Path.Combine(root, "host2"), "host2", controller.Url, "--memory", "512M", "--cores", "1");
        using var channel = GrpcChannel.ForAddress(controller.Url);
        var cluster = new Cluster.V1.Cluster.ClusterClient(channel);
        await Eventually.HoldsAsync(async () => (await cluster.ListHostsAsync(new ListHostsRequest())).Hosts, h => h.Count == 2, TimeSpan.FromSeconds(30), "two hosts");

        // Memory: 1 GiB fits neither host.
        await cluster.CreateGuestAsync(new CreateGuestRequest { Config = Config("big", memory: 1UL << 30, entitlement: 10) });
        var tooBig = await Assert.ThrowsAsync<RpcException>(async () => await cluster.StartGuestAsync(new StartGuestRequest { Name = "big" }));
        Assert.Equal(StatusCode.FailedPrecondition, tooBig.StatusCode);
        Assert.Contains("host1: 256M memory free, 1G needed", tooBig.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("host2: 512M memory free, 1G needed", tooBig.Status.Detail, StringComparison.Ordinal);
        var big = await cluster.GetGuestAsync(new GetGuestRequest { Name = "big" });
        Assert.Equal((GuestState.Off, ""), (big.State, big.Host));

        // Entitlement: each host has one core (100 %); 60 % fits once per host, not three times.
        foreach (string name in new[] { "e1", "e2", "e3" })
        {
            await cluster.CreateGuestAsync(new CreateGuestRequest { Config = Config(name, memory: 32 << 20, entitlement: 60) });
        }

        var first = await cluster.StartGuestAsync(new StartGuestRequest { Name = "e1" });
        var second = await cluster.StartGuestAsync(new StartGuestRequest { Name = "e2" });
        Assert.NotEqual(first.Host, second.Host);
        var third = await Eventually.HoldsAsync(async () =>
        {
            try
            {
                await cluster.StartGuestAsync(new StartGuestRequest { Name = "e3" });
                return null;
            }
            catch (RpcException e)
            {
                return e;
            }
        }, e => e is not null, TimeSpan.FromSeconds(1), "the third start refused");
        Assert.Equal(StatusCode.FailedPrecondition, third!.StatusCode);
        Assert.Contains("entitlement", third.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(GuestState.Off, (await cluster.GetGuestAsync(new GetGuestRequest { Name = "e3" })).State);

        // Nothing half-created on the agents: they hold exactly the guests that started.
        foreach (var host in new[] { host1, host2 })
        {
            using var agentChannel = GrpcChannel.ForAddress(host.Url);
            var names = (await new HostV1.HostAgent.HostAgentClient(agentChannel).ListGuestsAsync(new HostV1.ListGuestsRequest())).Guests.Select(g => g.Config.Name);
            Assert.DoesNotContain("big", names);
            Assert.DoesNotContain("e3", names);
        }

        // Right after a start the controller's view of the host may be a heartbeat old, so the agent's
        // own check may be the one that refuses: either way the guest is left on no agent.
        await cluster.CreateGuestAsync(new CreateGuestRequest { Config = Config("m1", memory: 200 << 20, entitlement: 1, host: "host1") });
        await cluster.CreateGuestAsync(new CreateGuestRequest { Config = Config("m2", memory: 200 << 20, entitlement: 1, host: "host1") });
        await cluster.StartGuestAsync(new StartGuestRequest { Name = "m1" });
        var full = await Assert.ThrowsAsync<RpcException>(async () => await cluster.StartGuestAsync(new StartGuestRequest { Name = "m2" }));
        Assert.Equal(StatusCode.FailedPrecondition, full.StatusCode);
        Assert.Contains("host1", full.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("memory", full.Status.Detail, StringComparison.Ordinal);
        using (var agentChannel = GrpcChannel.ForAddress(host1.Url))
        {
            var names = (await new HostV1.HostAgent.HostAgentClient(agentChannel).ListGuestsAsync(new HostV1.ListGuestsRequest())).Guests.Select(g => g.Config.Name);
            Assert.Contains("m1", names);
            Assert.DoesNotContain("m2", names);
        }

        // Bad values are refused at create, and the name stays free.
        var bad = await Assert.ThrowsAsync<RpcException>(async () => await cluster.CreateGuestAsync(new CreateGuestRequest { Config = Config("bad", memory: 32 << 20, entitlement: 150) }));
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Contains("entitlement 150 %: from 1 to 100", bad.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain((await cluster.ListGuestsAsync(new ListGuestsRequest())).Guests, g => g.Config.Name == "bad");
        var taken = await Assert.ThrowsAsync<RpcException>(async () => await cluster.CreateGuestAsync(new CreateGuestRequest { Config = Config("big", memory: 32 << 20, entitlement: 10) }));
        Assert.Equal(StatusCode.AlreadyExists, taken.StatusCode);

        await host1.KillAsync();
        await host2.KillAsync();
        await controller.KillAsync();
        Directory.Delete(root, recursive: true);
    }

    private static GuestConfig Config(string name, ulong memory, int entitlement, string host = "") => new()
    {
        Name = name, MemoryBytes = memory, EntitlementPercent = entitlement, ImagePath = Component.Counter, PinnedHost = host,
    };
}
