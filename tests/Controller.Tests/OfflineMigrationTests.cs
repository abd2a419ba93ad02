using System.Text;
using Grpc.Core;
using Grpc.Net.Client;
using Ivm.Cluster.V1;
using Ivm.Migration.V1;
using Ivm.Tests.Shared;
using Xunit;
using HostV1 = Ivm.Host.V1;

namespace Ivm.Controller.Tests;

/// <summary>
/// An offline migration through a real controller and two real agents: -s checks and moves nothing;
/// the move records the new host and the result in the guest's record and leaves the guest on
/// exactly one agent; a console watched through the controller all along follows the guest to its
/// new host — the chunks stay contiguous and the output of its next run arrives without reattaching.
/// </summary>
public sealed class OfflineMigrationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AnOffGuestMovesAndItsConsoleFollows()
    {
        await using var hosts = await TwoHosts.StartAsync("controller-offline-migration");
        var (host1, host2, cluster) = (hosts.Host1, hosts.Host2, hosts.Cluster);
        await cluster.CreateGuestAsync(new CreateGuestRequest { Config = MigrationChecksTests.Config("g", 32 << 20, "host1") });
        await cluster.StartGuestAsync(new StartGuestRequest { Name = "g" });

        using var stop = new CancellationTokenSource();
        var console = new ConsoleRecorder();
        var watching = console.WatchAsync(cluster, "g", stop.Token);
        await Eventually.HoldsAsync(() => Task.FromResult(console.Text), t => t.Contains("count 2\n", StringComparison.Ordinal), Timeout, "the first run's output");
        await cluster.StopGuestAsync(new StopGuestRequest { Name = "g", Force = true });
        // The agent's Off event may follow the stop's reply by a moment; an offline move needs Off.
        await Eventually.HoldsAsync(async () => (await cluster.GetGuestAsync(new GetGuestRequest { Name = "g" })).State, s => s == GuestState.Off, Timeout, "the guest Off");
        int firstRun = console.Text.Length;

        // -s: checked, nothing moved.
        var check = await MigrationChecksTests.ReadAllAsync(cluster, new MigrateGuestRequest { Name = "g", TargetHost = "host2", CheckOnly = true });
        Assert.True(check[^1].Result.Success, check[^1].ToString());
        Assert.Equal("host1", (await cluster.GetGuestAsync(new GetGuestRequest { Name = "g" })).Host);

        var moved = await MigrationChecksTests.ReadAllAsync(cluster, new MigrateGuestRequest { Name = "g", TargetHost = "host2" });
        var result = moved[^1].Result;
        Assert.True(result.Success, result.ToString());
        Assert.Equal(MigrationPhase.Completed, moved[^1].Phase);
        var guest = await cluster.GetGuestAsync(new GetGuestRequest { Name = "g" });
        Assert.Equal((GuestState.Off, "host2", "host2"), (guest.State, guest.Host, guest.Config.PinnedHost));
        Assert.False(guest.Migration.InProgress);
        Assert.True(guest.Migration.LastResult.Success);
        Assert.Equal(("host1", "host2"), (guest.Migration.LastSourceHost, guest.Migration.LastTargetHost));
        Assert.Equal("migrated offline from host1", guest.History[^1].Reason);
        Assert.Equal(["host2"], [.. await HoldersAsync(host1, host2, "g")]);

        // Its next run is on host2, and the console watched all along shows it.
        var started = await cluster.StartGuestAsync(new StartGuestRequest { Name = "g" });
        Assert.Equal("host2", started.Host);
        await Eventually.HoldsAsync(() => Task.FromResult(console.Text[firstRun..]), t => t.Contains("count 2\n", StringComparison.Ordinal), Timeout, "the second run's output through the same watch");
        Assert.StartsWith("count 0\ncount 1\ncount 2\n", console.Text[firstRun..], StringComparison.Ordinal);
        Assert.True(console.Contiguous, console.Offsets);
        Assert.False(watching.IsCompleted, watching.Exception?.ToString() ?? "the watch ended");

        await stop.CancelAsync();
    }

    internal static async Task<List<string>> HoldersAsync(Component host1, Component host2, string name)
    {
        var holders = new List<string>();
        foreach (var (host, hostName) in new[] { (host1, "host1"), (host2, "host2") })
        {
            using var agent = GrpcChannel.ForAddress(host.Url);
            if ((await new HostV1.HostAgent.HostAgentClient(agent).ListGuestsAsync(new HostV1.ListGuestsRequest())).Guests.Any(g => g.Config.Name == name))
            {
                holders.Add(hostName);
            }
        }

        return holders;
    }
}

/// <summary>A console followed through the controller: its text and whether every chunk followed the previous one.</summary>
internal sealed class ConsoleRecorder
{
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _offsets = new();
    private ulong _next;
    private bool _contiguous = true;

    public string Text
    {
        get
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }

    public bool Contiguous
    {
        get
        {
            lock (_text)
            {
                return _contiguous;
            }
        }
    }

    public string Offsets
    {
        get
        {
            lock (_text)
            {
                return _offsets.ToString();
            }
        }
    }

    public async Task WatchAsync(Cluster.V1.Cluster.ClusterClient cluster, string name, CancellationToken stop)
    {
        try
        {
            using var call = cluster.WatchConsole(new WatchConsoleRequest { Name = name, Follow = true }, cancellationToken: stop);
            await foreach (var chunk in call.ResponseStream.ReadAllAsync(stop))
            {
                lock (_text)
                {
                    _contiguous &= chunk.Offset == _next;
                    _offsets.Append(System.Globalization.CultureInfo.InvariantCulture, $"{chunk.Offset}+{chunk.Data.Length} ");
                    _next = chunk.Offset + (ulong)chunk.Data.Length;
                    _text.Append(chunk.Data.ToStringUtf8());
                }
            }
        }
        catch (Exception e) when (stop.IsCancellationRequested && e is OperationCanceledException or RpcException)
        {
        }
    }
}
