using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Ivm.Host.V1;
using Xunit;

namespace Ivm.Host.Tests;

/// <summary>One agent process; guests created, started, watched, stopped and removed through its API.</summary>
public sealed class LifecycleTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private AgentProcess _agent = null!;

    public async Task InitializeAsync() =>
        _agent = await AgentProcess.StartAsync(Paths.NewDataDirectory("lifecycle"), "lifecycle", "--cores", "2", "--memory", "1G");

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        Directory.Delete(_agent.DataDirectory, recursive: true);
    }

    [Fact]
    public async Task CounterRunsItsConsoleIsReadInOrderThenItStopsAndIsRemoved()
    {
        var client = _agent.Client;
        var created = await client.CreateGuestAsync(new CreateGuestRequest { Config = Guests.Config("counter1", Paths.Counter) });
        Assert.Equal(GuestState.Off, created.State);
        Assert.Equal("test guest counter1", created.Config.Label);

        var started = await client.StartGuestAsync(new StartGuestRequest { Name = "counter1" });
        Assert.Equal(GuestState.On, started.State);

        // Several watchers at once, each from offset 0, each sees the same lines.
        await using (var console = new ConsoleWatcher(client, "counter1"))
        await using (var second = new ConsoleWatcher(client, "counter1"))
        {
            await console.WaitForLinesAsync(5, Timeout);
            await second.WaitForLinesAsync(5, Timeout);
            Assert.Equal(Enumerable.Range(0, 5).Select(i => $"count {i}"), console.Lines.Take(5));
            Assert.Equal(console.Lines.Take(5), second.Lines.Take(5));
        }

        var host = await client.GetHostInfoAsync(new GetHostInfoRequest());
        Assert.Equal(1, host.GuestsOn);
        Assert.Equal(16UL << 20, host.MemoryCommittedBytes);
        Assert.Equal(10, host.EntitlementCommittedPercent);

        var stopped = await client.StopGuestAsync(new StopGuestRequest { Name = "counter1", Force = true });
        Assert.Equal(GuestState.Off, stopped.State);
        Assert.Equal("stopped (forced)", stopped.Reason);
        Assert.True(stopped.Instructions > 0);

        // A watcher that starts after the run still gets the whole log from offset 0.
        await using (var late = new ConsoleWatcher(client, "counter1"))
        {
            await late.WaitForLinesAsync(5, Timeout);
            Assert.Equal("count 0", late.Lines[0]);
        }

        await client.RemoveGuestAsync(new RemoveGuestRequest { Name = "counter1" });
        var missing = await Assert.ThrowsAsync<RpcException>(async () => await client.GetGuestAsync(new GetGuestRequest { Name = "counter1" }));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.False(File.Exists(Path.Combine(_agent.DataDirectory, "guests", "counter1.json")));
    }

    [Fact]
    public async Task ConsoleInputReachesTheGuestAndAGracefulStopEndsItsInput()
    {
        var client = _agent.Client;
        await client.CreateGuestAsync(new CreateGuestRequest { Config = Guests.Config("echo1", Paths.Echo) });
        await client.StartGuestAsync(new StartGuestRequest { Name = "echo1" });
        await using var console = new ConsoleWatcher(client, "echo1");
        await client.SendConsoleInputAsync(new V1.ConsoleInput { Name = "echo1", Data = ByteString.CopyFromUtf8("hello, guest\n") });
        await console.WaitForAsync(text => text.Contains("hello, guest\n", StringComparison.Ordinal), Timeout);
        await client.SendConsoleInputAsync(new V1.ConsoleInput { Name = "echo1", Data = ByteString.CopyFromUtf8("again\n") });
        await console.WaitForLinesAsync(2, Timeout);
        Assert.Equal(["hello, guest", "again"], console.Lines);

        // Graceful: input ends, echo reads end of file and exits 0 by itself, long before the grace period.
        var stopped = await client.StopGuestAsync(new StopGuestRequest { Name = "echo1", GraceMs = 10_000 });
        Assert.Equal(GuestState.Off, stopped.State);
        Assert.Equal(0, stopped.ExitStatus);
        Assert.Contains("exited with status 0", stopped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGuestTouchingMoreThanItsMemoryCrashesWithTheReasonAndTheHostGoesOn()
    {
        var client = _agent.Client;
        await client.CreateGuestAsync(new CreateGuestRequest { Config = Guests.Config("hog", Paths.MemoryHog, memory: 1 << 20) });
        await client.StartGuestAsync(new StartGuestRequest { Name = "hog" });
        var hog = await Guests.WaitForStateAsync(client, "hog", GuestState.Crashed, Timeout);
        Assert.Equal(GuestState.Crashed, hog.State);
        Assert.Equal("memory limit of 1048576 bytes exceeded", hog.Reason);
        Assert.Equal("memory limit exceeded", hog.Fault);
        Assert.True(hog.MemoryUsedBytes <= 1 << 20);

        // The agent is unharmed and the guest's memory is no longer committed.
        var host = await client.GetHostInfoAsync(new GetHostInfoRequest());
        Assert.Equal("lifecycle", host.Name);
        Assert.Equal(0, host.GuestsOn - (await client.ListGuestsAsync(new ListGuestsRequest())).Guests.Count(g => g.State == GuestState.On));
        Assert.Equal(GuestState.On, (await client.StartGuestAsync(new StartGuestRequest { Name = "hog" })).State);
    }

    [Fact]
    public async Task GuestEventsStartWithTheCurrentViewsThenFollowEveryChange()
    {
        var client = _agent.Client;
        await client.CreateGuestAsync(new CreateGuestRequest { Config = Guests.Config("before", Paths.Counter) });
        using var cancel = new CancellationTokenSource(Timeout);
        using var call = client.WatchGuests(new WatchGuestsRequest(), cancellationToken: cancel.Token);
        var events = call.ResponseStream;

        async Task<GuestEvent> NextAsync()
        {
            Assert.True(await events.MoveNext(cancel.Token), "the event stream ended");
            return events.Current;
        }

        var initial = await NextAsync();
        Assert.Equal(("before", GuestState.Off, false), (initial.Guest.Config.Name, initial.Guest.State, initial.Removed));

        await client.CreateGuestAsync(new CreateGuestRequest { Config = Guests.Config("short", Paths.Echo) });
        var started = await client.StartGuestAsync(new StartGuestRequest { Name = "short" });
        var stopped = await client.StopGuestAsync(new StopGuestRequest { Name = "short", GraceMs = 10_000 });
        await client.RemoveGuestAsync(new RemoveGuestRequest { Name = "short" });

        var seen = new List<GuestEvent>();
        for (int i = 0; i < 5; i++)
        {
            seen.Add(await NextAsync());
        }

        Assert.All(seen, e => Assert.Equal("short", e.Guest.Config.Name));
        Assert.Equal([GuestState.Off, GuestState.On, GuestState.Stopping, GuestState.Off, GuestState.Off], seen.Select(e => e.Guest.State));
        Assert.Equal("stopped; exited with status 0", seen[3].Guest.Reason);
        Assert.Equal([false, false, false, false, true], seen.Select(e => e.Removed));
        Assert.Equal(Enumerable.Range(0, 6).Select(i => initial.Sequence + (ulong)i), [initial.Sequence, .. seen.Select(e => e.Sequence)]);

        // Every view carries the number of the change it shows, replies included: the stop's reply
        // is the Off change, so a Stopping event reaching the controller after it is recognisably older.
        Assert.All(seen, e => Assert.Equal(e.Sequence, e.Guest.Revision));
        Assert.Equal((GuestState.On, seen[1].Sequence), (started.State, started.Revision));
        Assert.Equal((GuestState.Off, seen[3].Sequence), (stopped.State, stopped.Revision));
    }

    [Fact]
    public async Task BadRequestsAreRefusedWithTheirReason()
    {
        var client = _agent.Client;
        var badName = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.CreateGuestAsync(new CreateGuestRequest { Config = Guests.Config("no/slashes", Paths.Counter) }));
        Assert.Equal(StatusCode.InvalidArgument, badName.StatusCode);
        Assert.Contains("'no/slashes'", badName.Status.Detail, StringComparison.Ordinal);

        var vcpus = Guests.Config("wide", Paths.Counter);
        vcpus.Vcpus = 4;
        var wide = await Assert.ThrowsAsync<RpcException>(async () => await client.CreateGuestAsync(new CreateGuestRequest { Config = vcpus }));
        Assert.Contains("vcpus 4", wide.Status.Detail, StringComparison.Ordinal);

        // Only a name: HPVM's defaults and the bundled demo guest.
        var defaulted = await client.CreateGuestAsync(new CreateGuestRequest { Config = new GuestConfig { Name = "defaults" } });
        Assert.Equal((1, 2UL << 30, 10, StartAttribute.Auto, "LINUX"), (defaulted.Config.Vcpus, defaulted.Config.MemoryBytes,
            defaulted.Config.EntitlementPercent, defaulted.Config.StartAttribute, defaulted.Config.OsType));
        Assert.Equal(Paths.Counter, defaulted.Config.ImagePath);
        Assert.False(defaulted.Config.HasEntitlementCapPercent);

        await client.CreateGuestAsync(new CreateGuestRequest { Config = Guests.Config("dup", Paths.Counter) });
        var dup = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.CreateGuestAsync(new CreateGuestRequest { Config = Guests.Config("dup", Paths.Counter) }));
        Assert.Equal(StatusCode.AlreadyExists, dup.StatusCode);

        await client.StartGuestAsync(new StartGuestRequest { Name = "dup" });
        var modify = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.ModifyGuestAsync(new ModifyGuestRequest { Name = "dup", MemoryBytes = 32 << 20, Label = "x" }));
        Assert.Equal(StatusCode.FailedPrecondition, modify.StatusCode);
        Assert.Contains("memory", modify.Status.Detail, StringComparison.Ordinal);
        var relabelled = await client.ModifyGuestAsync(new ModifyGuestRequest { Name = "dup", Label = "renamed", EntitlementPercent = 20 });
        Assert.Equal("renamed", relabelled.Config.Label);
        Assert.Equal(20, relabelled.Config.EntitlementPercent);

        var removeOn = await Assert.ThrowsAsync<RpcException>(async () => await client.RemoveGuestAsync(new RemoveGuestRequest { Name = "dup" }));
        Assert.Equal(StatusCode.FailedPrecondition, removeOn.StatusCode);
        await client.StopGuestAsync(new StopGuestRequest { Name = "dup", Force = true });
    }
}
