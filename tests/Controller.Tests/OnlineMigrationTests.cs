using System.Text.RegularExpressions;
using Grpc.Core;
using Grpc.Net.Client;
using Ivm.Cluster.V1;
using Ivm.Migration.V1;
using Ivm.Tests.Shared;
using Xunit;

namespace Ivm.Controller.Tests;

/// <summary>
/// Live migration driven by a real controller between two real agents, with the dirtier guest (it
/// dirties memory, prints "seq N" and checks its own memory): the switch-over records the new host
/// and the figures in one write and the console watched through the controller shows every number
/// once; --no-wait returns at once while the migration goes on, one at a time, and a cancel leaves
/// the guest running on the source; a controller killed mid-migration comes back to find the guest
/// on exactly one host and the attempt recorded as abandoned.
/// </summary>
public sealed partial class OnlineMigrationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static string Dirtier => Path.Combine(TestDirectories.Repository, "guests", "bin", "ia64", "dirtier", "dirtier");

    [Fact]
    public async Task ALiveMigrationMovesTheGuestAndItsConsoleShowsEveryNumberOnce()
    {
        await using var setup = await Setup.StartAsync("controller-online-migration");
        var cluster = setup.Cluster;
        var console = setup.Console;
        await console.WaitForAsync(10);

        var messages = await MigrationChecksTests.ReadAllAsync(cluster, new MigrateGuestRequest { Name = "g", TargetHost = "host2", Online = true });
        var last = messages[^1];
        Assert.True(last.Result.Success, last.ToString());
        Assert.Equal(MigrationPhase.Completed, last.Phase);
        Assert.Contains(messages, m => m.Phase == MigrationPhase.Copy);
        Assert.True(last.Result.Statistics.TotalMs > 0 && last.Result.Statistics.Rounds >= 1, last.Result.Statistics.ToString());

        var guest = await cluster.GetGuestAsync(new GetGuestRequest { Name = "g" });
        Assert.Equal((GuestState.On, "host2", "host2"), (guest.State, guest.Host, guest.Config.PinnedHost));
        Assert.False(guest.Migration.InProgress);
        Assert.Equal(("host1", "host2", true), (guest.Migration.LastSourceHost, guest.Migration.LastTargetHost, guest.Migration.LastResult.Success));
        Assert.Equal(last.Result.Statistics, guest.Migration.LastResult.Statistics);
        Assert.Equal("migrated online from host1", guest.History[^1].Reason);
        Assert.Equal(["host2"], [.. await OfflineMigrationTests.HoldersAsync(setup.Host1, setup.Host2, "g")]);

        long atMove = console.Highest;
        await console.WaitForAsync(atMove + 20);
        console.AssertEveryNumberOnce();
    }

    [Fact]
    public async Task NoWaitReturnsAtOnceAndACancelLeavesTheGuestOnTheSource()
    {
        await using var setup = await Setup.StartAsync("controller-migration-cancel");
        var cluster = setup.Cluster;
        await setup.Console.WaitForAsync(5);

        // 1 MB/s against a guest dirtying about 13 MB/s: it would take long.
        var first = await MigrationChecksTests.ReadAllAsync(cluster, Slow(noWait: true));
        Assert.Single(first);
        Assert.Null(first[0].Result);
        var running = await cluster.GetGuestAsync(new GetGuestRequest { Name = "g" });
        Assert.Equal((true, GuestState.Migrating, "host1", "host2"), (running.Migration.InProgress, running.State, running.Migration.SourceHost, running.Migration.TargetHost));

        var second = await Assert.ThrowsAsync<RpcException>(async () => await MigrationChecksTests.ReadAllAsync(cluster, Slow(noWait: true)));
        Assert.Equal((StatusCode.FailedPrecondition, "guest 'g' is already being migrated from host1 to host2 (hpvm migrate -P g --cancel abandons it)"), (second.StatusCode, second.Status.Detail));
        var stop = await Assert.ThrowsAsync<RpcException>(async () => await cluster.StopGuestAsync(new StopGuestRequest { Name = "g", Force = true }));
        Assert.Contains("is being migrated from host1 to host2", stop.Status.Detail, StringComparison.Ordinal);

        await cluster.CancelMigrationAsync(new CancelMigrationRequest { Name = "g" });
        var cancelled = await cluster.GetGuestAsync(new GetGuestRequest { Name = "g" });
        Assert.False(cancelled.Migration.InProgress);
        Assert.False(cancelled.Migration.LastResult.Success);
        Assert.Contains("cancelled", cancelled.Migration.LastResult.Error, StringComparison.Ordinal);
        // On from the reply on: the source's Migrating view may still arrive, and must not undo it.
        Assert.Equal(("host1", GuestState.On), (cancelled.Host, cancelled.State));
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(GuestState.On, (await cluster.GetGuestAsync(new GetGuestRequest { Name = "g" })).State);
            await Task.Delay(50);
        }
        await Eventually.HoldsAsync(() => OfflineMigrationTests.HoldersAsync(setup.Host1, setup.Host2, "g"), h => h.SequenceEqual(["host1"]), Timeout, "only host1 holding g");

        long atCancel = setup.Console.Highest;
        await setup.Console.WaitForAsync(atCancel + 10);
        setup.Console.AssertEveryNumberOnce();
    }

    [Fact]
    public async Task AControllerKilledMidMigrationFindsTheGuestOnOneHost()
    {
        await using var setup = await Setup.StartAsync("controller-migration-restart");
        await setup.Console.WaitForAsync(5);
        await MigrationChecksTests.ReadAllAsync(setup.Cluster, Slow(noWait: true));

        await setup.Controller.KillAsync();
        await setup.Controller.StartAsync();
        using var channel = GrpcChannel.ForAddress(setup.Controller.Url);
        var cluster = new Cluster.V1.Cluster.ClusterClient(channel);
        var guest = await Eventually.HoldsAsync(async () => await cluster.GetGuestAsync(new GetGuestRequest { Name = "g" }),
            g => !g.Migration.InProgress && g.State == GuestState.On, Timeout, "the migration settled and g On");
        Assert.Contains("the controller restarted", guest.Migration.LastResult.Error, StringComparison.Ordinal);
        Assert.Equal("host1", guest.Host);
        await Eventually.HoldsAsync(() => OfflineMigrationTests.HoldersAsync(setup.Host1, setup.Host2, "g"), h => h.SequenceEqual(["host1"]), Timeout, "only host1 holding g");
        var console = new SequenceConsole();
        using var stop = new CancellationTokenSource();
        _ = console.Recorder.WatchAsync(cluster, "g", stop.Token);
        await console.WaitForAsync(setup.Console.Highest + 10);
        console.AssertEveryNumberOnce();
        await stop.CancelAsync();
    }

    [Fact]
    public async Task ATargetKilledMidMigrationLeavesTheGuestOnTheSourceAndTheErrorSaysSo()
    {
        await using var setup = await Setup.StartAsync("controller-migration-target-killed");
        await setup.Console.WaitForAsync(5);
        using var call = setup.Cluster.MigrateGuest(Slow(noWait: false));
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        await setup.Host2.KillAsync();
        MigrationProgress last = call.ResponseStream.Current;
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            last = call.ResponseStream.Current;
        }

        Assert.Equal(MigrationPhase.Abandoned, last.Phase);
        Assert.False(last.Result.Success);
        Assert.False(string.IsNullOrWhiteSpace(last.Result.Error));
        var guest = await setup.Cluster.GetGuestAsync(new GetGuestRequest { Name = "g" });
        Assert.Equal((GuestState.On, "host1", false), (guest.State, guest.Host, guest.Migration.InProgress));
        Assert.Equal(last.Result.Error, guest.Migration.LastResult.Error);
        Assert.Contains($"migration to host2 abandoned: {last.Result.Error}", guest.History[^1].Reason, StringComparison.Ordinal);
        long atFailure = setup.Console.Highest;
        await setup.Console.WaitForAsync(atFailure + 10);
        setup.Console.AssertEveryNumberOnce();
    }

    private static MigrateGuestRequest Slow(bool noWait) => new() { Name = "g", TargetHost = "host2", Online = true, BandwidthMbPerS = 1, NoWait = noWait };

    /// <summary>A controller, two agents and the dirtier guest "g" running on host1, its console watched.</summary>
    private sealed class Setup(TwoHosts hosts) : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();

        public Component Controller => hosts.Controller;

        public Component Host1 => hosts.Host1;

        public Component Host2 => hosts.Host2;

        public Cluster.V1.Cluster.ClusterClient Cluster => hosts.Cluster;

        public SequenceConsole Console { get; } = new();

        public static async Task<Setup> StartAsync(string name)
        {
            var setup = new Setup(await TwoHosts.StartAsync(name));
            var config = MigrationChecksTests.Config("g", 64 << 20, "host1");
            config.ImagePath = Dirtier;
            await setup.Cluster.CreateGuestAsync(new CreateGuestRequest { Config = config });
            await setup.Cluster.StartGuestAsync(new StartGuestRequest { Name = "g" });
            _ = setup.Console.Recorder.WatchAsync(setup.Cluster, "g", setup._stop.Token);
            return setup;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await hosts.DisposeAsync();
        }
    }

    /// <summary>The dirtier's console: its "seq N" lines, each to appear once and in order, and never a checksum error.</summary>
    private sealed partial class SequenceConsole
    {
        public ConsoleRecorder Recorder { get; } = new();

        public List<long> Numbers() => Seq().Matches(Recorder.Text).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();

        public long Highest => Numbers() is { Count: > 0 } n ? n.Max() : -1;

        public Task WaitForAsync(long number) =>
            Eventually.HoldsAsync(() => Task.FromResult(Highest), h => h >= number, Timeout, $"seq {number} on the console");

        public void AssertEveryNumberOnce()
        {
            var numbers = Numbers();
            Assert.DoesNotContain("CHECKSUM ERROR", Recorder.Text, StringComparison.Ordinal);
            Assert.True(Recorder.Contiguous, Recorder.Offsets);
            Assert.Equal(Enumerable.Range((int)numbers[0], numbers.Count).Select(n => (long)n), numbers);
        }

        [GeneratedRegex("^seq ([0-9]+)$", RegexOptions.Multiline)]
        private static partial Regex Seq();
    }
}
