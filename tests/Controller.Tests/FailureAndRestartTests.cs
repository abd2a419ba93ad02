using Grpc.Core;
using Grpc.Net.Client;
using Ivm.Cluster.V1;
using Ivm.Tests.Shared;
using Xunit;

namespace Ivm.Controller.Tests;

/// <summary>
/// A controller and two host agents as real processes, on each storage (SQLite, and a real
/// PostgreSQL server): a host killed with kill -9 makes its guests Unreachable within the heartbeat
/// timeout, its restart reconciles them from what it reports, and a restarted controller (killed
/// the same way) finds every configuration where it left it — checked through the API and, as an
/// administrator sees it, through the real hpvm (status -M, status -P).
/// </summary>
public sealed class FailureAndRestartTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task HostLossIsSeenAndReconciledAndAControllerRestartLosesNothing(string storage)
    {
        string root = TestDirectories.NewTemporary("controller-failure");
        string[] options = storage == "postgres"
            ? ["--storage", "postgres", "--postgres", PostgresClusterTests.StartPostgres(), "--cluster-id", $"test-{Guid.NewGuid():N}"]
            : [];
        await using var controller = await Component.StartControllerAsync(Path.Combine(root, "controller"), ["--heartbeat-timeout-ms", "2000", .. options]);
        await using var host1 = await Component.StartHostAsync(Path.Combine(root, "host1"), "host1", controller.Url, "--memory", "1G", "--cores", "2");
        await using var host2 = await Component.StartHostAsync(Path.Combine(root, "host2"), "host2", controller.Url, "--memory", "1G", "--cores", "2");
        using var channel = GrpcChannel.ForAddress(controller.Url);
        var cluster = new Cluster.V1.Cluster.ClusterClient(channel);
        await Eventually.HoldsAsync(async () => (await cluster.ListHostsAsync(new ListHostsRequest())).Hosts, h => h.Count(x => x.State == HostState.Up) == 2, Timeout, "two hosts up");

        // Pinned, so the test knows where each runs: a on host1, b on host1, c on host2.
        foreach (var (name, host) in new[] { ("a", "host1"), ("b", "host1"), ("c", "host2") })
        {
            await cluster.CreateGuestAsync(new CreateGuestRequest { Config = new GuestConfig
            {
                Name = name, MemoryBytes = 64 << 20, EntitlementPercent = 5, Label = $"guest {name}", ImagePath = Component.Counter, PinnedHost = host,
            } });
            var started = await cluster.StartGuestAsync(new StartGuestRequest { Name = name });
            Assert.Equal((GuestState.On, host), (started.State, started.Host));
        }

        // kill -9 host1: its guests become Unreachable, host2's stays On.
        await host1.KillAsync();
        var guests = await Eventually.HoldsAsync(() => ListAsync(cluster), g => g["a"].State == GuestState.Unreachable && g["b"].State == GuestState.Unreachable,
            Timeout, "host1's guests unreachable");
        Assert.Equal(GuestState.On, guests["c"].State);
        Assert.Contains("host1 stopped heartbeating", guests["a"].Reason, StringComparison.Ordinal);
        // What an administrator sees: hpvm status, one ':'-separated record per guest.
        Assert.Equal(["a:Unreachable:host1", "b:Unreachable:host1", "c:On:host2"], StatusRecords(controller.Url));
        Assert.Equal(HostState.Unreachable, (await cluster.ListHostsAsync(new ListHostsRequest())).Hosts.Single(h => h.Name == "host1").State);
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await cluster.StopGuestAsync(new StopGuestRequest { Name = "a", Force = true }));
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        // Nor is it started anywhere else while it may still run on the lost host.
        var notTwice = await Assert.ThrowsAsync<RpcException>(async () => await cluster.StartGuestAsync(new StartGuestRequest { Name = "a" }));
        Assert.Equal(StatusCode.Unavailable, notTwice.StatusCode);
        Assert.Contains("may still be running", notTwice.Status.Detail, StringComparison.Ordinal);

        // Restarted (its own persistence brings the guests back), it registers again and the
        // controller takes the states it reports.
        await host1.StartAsync();
        await Eventually.HoldsAsync(() => ListAsync(cluster), g => g["a"].State == GuestState.On && g["b"].State == GuestState.On, Timeout, "host1's guests reconciled");
        Assert.Equal(["a:On:host1", "b:On:host1", "c:On:host2"], StatusRecords(controller.Url));
        Assert.Contains(guests["a"].History, h => h.State == GuestState.Unreachable);

        // Change something, then kill -9 the controller and start it again on the same storage.
        await cluster.ModifyGuestAsync(new ModifyGuestRequest { Name = "c", Label = "changed", EntitlementPercent = 7 });
        await cluster.StopGuestAsync(new StopGuestRequest { Name = "b", Force = true });
        var before = await ListAsync(cluster);
        await controller.KillAsync();
        await controller.StartAsync();
        var after = await Eventually.HoldsAsync(() => ListAsync(cluster), g => g.Count == 3, Timeout, "guests back after the controller restart");
        foreach (var name in new[] { "a", "b", "c" })
        {
            Assert.Equal(before[name].Config, after[name].Config);
            Assert.Equal(before[name].VmNumber, after[name].VmNumber);
            Assert.Equal(before[name].Host, after[name].Host);
        }

        Assert.Equal(("changed", 7), (after["c"].Config.Label, after["c"].Config.EntitlementPercent));
        Assert.Contains("Label           : changed\n", Hpvm(controller.Url, "status", "-P", "c"), StringComparison.Ordinal);
        Assert.Equal(GuestState.Off, after["b"].State);
        // And it still drives the hosts: the hosts heartbeat to it again.
        await Eventually.HoldsAsync(async () => (await cluster.ListHostsAsync(new ListHostsRequest())).Hosts, h => h.Count(x => x.State == HostState.Up) == 2, Timeout, "hosts up again");
        var restarted = await cluster.StartGuestAsync(new StartGuestRequest { Name = "b" });
        Assert.Equal((GuestState.On, "host1"), (restarted.State, restarted.Host));

        await host1.KillAsync();
        await host2.KillAsync();
        await controller.KillAsync();
        Directory.Delete(root, recursive: true);
    }

    // hpvm status -M through the real binary: name, state and host of each guest.
    private static string[] StatusRecords(string controller) =>
        [.. Hpvm(controller, "status", "-M").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':'))
            .Select(f => $"{f[0]}:{f[3]}:{f[8]}")
            .Order(StringComparer.Ordinal)];

    private static string Hpvm(string controller, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Component.Built("Cli", "hpvm.dll"));
        start.ArgumentList.Add("--controller");
        start.ArgumentList.Add(controller);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"hpvm {string.Join(' ', args)}: {stderr}");
        return stdout.Result;
    }

    private static async Task<Dictionary<string, Guest>> ListAsync(Cluster.V1.Cluster.ClusterClient cluster) =>
        (await cluster.ListGuestsAsync(new ListGuestsRequest())).Guests.ToDictionary(g => g.Config.Name);
}
