using System.Diagnostics;
using Grpc.Net.Client;
using Ivm.Cluster.V1;
using Ivm.Tests.Shared;
using Xunit;

namespace Ivm.Controller.Tests;

/// <summary>
/// Two controller silos on one real PostgreSQL server (scripts/postgres.sh installs and starts it)
/// form one cluster: a guest created through one is started through the other, and when the first
/// is killed with kill -9 the second carries on — the agent, given both, re-registers there and the
/// guest's state and configuration are all still there.
/// </summary>
public sealed class PostgresClusterTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TwoSilosShareTheClusterAndOneSurvivesTheOthersLoss()
    {
        string connection = StartPostgres();
        string root = TestDirectories.NewTemporary("controller-postgres");
        string clusterId = $"test-{Guid.NewGuid():N}";
        string[] storage = ["--storage", "postgres", "--postgres", connection, "--cluster-id", clusterId, "--heartbeat-timeout-ms", "3000"];
        await using var first = await Component.StartControllerAsync(Path.Combine(root, "a"), storage);
        await using var second = await Component.StartControllerAsync(Path.Combine(root, "b"), storage);
        await using var host = await Component.StartHostAsync(Path.Combine(root, "host1"), "host1", $"{first.Url},{second.Url}");

        using var channelA = GrpcChannel.ForAddress(first.Url);
        using var channelB = GrpcChannel.ForAddress(second.Url);
        var a = new Cluster.V1.Cluster.ClusterClient(channelA);
        var b = new Cluster.V1.Cluster.ClusterClient(channelB);
        await Eventually.HoldsAsync(async () => (await b.ListHostsAsync(new ListHostsRequest())).Hosts, h => h.Count(x => x.State == HostState.Up) == 1, Timeout, "the host, seen from the second silo");

        await a.CreateGuestAsync(new CreateGuestRequest { Config = new GuestConfig { Name = "shared", MemoryBytes = 32 << 20, Label = "on postgres", ImagePath = Component.Counter } });
        var started = await b.StartGuestAsync(new StartGuestRequest { Name = "shared" });
        Assert.Equal((GuestState.On, "host1"), (started.State, started.Host));
        Assert.Equal("on postgres", (await a.GetGuestAsync(new GetGuestRequest { Name = "shared" })).Config.Label);

        await first.KillAsync();
        var after = await Eventually.HoldsAsync(async () =>
        {
            try
            {
                return await b.GetGuestAsync(new GetGuestRequest { Name = "shared" });
            }
            catch (Grpc.Core.RpcException)
            {
                return null;   // the surviving silo is still taking over the lost one's grains
            }
        }, g => g is { State: GuestState.On }, Timeout, "the guest, On, through the surviving silo");
        Assert.Equal(("on postgres", 1, "host1"), (after!.Config.Label, after.VmNumber, after.Host));

        var stopped = await b.StopGuestAsync(new StopGuestRequest { Name = "shared", Force = true });
        Assert.Equal(GuestState.Off, stopped.State);

        await host.KillAsync();
        await second.KillAsync();
        Directory.Delete(root, recursive: true);
    }

    internal static string StartPostgres()
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(TestDirectories.Repository, "scripts", "postgres.sh"));
        using var process = Process.Start(start)!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"scripts/postgres.sh failed (it needs root or sudo to install and start PostgreSQL):\n{stderr}");
        return stdout.Trim().Split('\n')[^1];
    }
}
