using Grpc.Core;
using Ivm.Host.Tests;

namespace Ivm.Migration.Tests;

/// <summary>
/// A migration that fails at any point before the commit leaves the guest running on the source
/// only, with its memory intact (its own checksum passes and its console goes on without a gap),
/// and the error says what happened.
/// </summary>
public sealed class FailureTests
{
    private static async Task WaitForwardedAsync(TcpProxy proxy, long bytes)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (proxy.ForwardedToTarget < bytes)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {proxy.ForwardedToTarget} bytes reached the target");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task Target_killed_mid_copy_leaves_the_guest_running_on_the_source()
    {
        var agents = await Agents.StartAsync("kill-a", "kill-b");
        var (a, b) = (agents[0], agents[1]);
        try
        {
            await using var console = await Agents.StartDirtierAsync(a, "victim");
            await using var proxy = new TcpProxy(new Uri(b.Address));
            var migration = Agents.MigrateAsync(a, b, "victim", proxy.Address, bandwidthMbPerS: 2);
            await WaitForwardedAsync(proxy, 1_000_000);
            await b.KillAsync();
            var outcome = await migration;
            Assert.False(outcome.Result.Success);
            Assert.StartsWith("Copy:", outcome.Result.Error, StringComparison.Ordinal);
            Assert.Contains("target 'target'", outcome.Result.Error, StringComparison.Ordinal);
            await Agents.AssertRunsOnlyOnAsync(a, "victim", console);
        }
        finally
        {
            await Agents.DisposeAsync(agents);
        }
    }

    [Fact]
    public async Task Connection_cut_mid_copy_leaves_the_guest_running_on_the_source_and_nothing_on_the_target()
    {
        var agents = await Agents.StartAsync("cut-a", "cut-b");
        var (a, b) = (agents[0], agents[1]);
        try
        {
            await using var console = await Agents.StartDirtierAsync(a, "severed");
            await using var proxy = new TcpProxy(new Uri(b.Address));
            var migration = Agents.MigrateAsync(a, b, "severed", proxy.Address, bandwidthMbPerS: 2);
            await WaitForwardedAsync(proxy, 1_000_000);
            proxy.Cut();
            var outcome = await migration;
            Assert.False(outcome.Result.Success);
            Assert.StartsWith("Copy:", outcome.Result.Error, StringComparison.Ordinal);
            Assert.Contains("connection to target 'target' lost during Copy round 0", outcome.Result.Error, StringComparison.Ordinal);
            await Agents.AssertRunsOnlyOnAsync(a, "severed", console, b);
        }
        finally
        {
            await Agents.DisposeAsync(agents);
        }
    }

    [Fact]
    public async Task A_tampered_chunk_aborts_the_migration_and_the_guest_keeps_running_on_the_source()
    {
        var agents = await Agents.StartAsync("tamper-a", "tamper-b");
        var (a, b) = (agents[0], agents[1]);
        try
        {
            await using var console = await Agents.StartDirtierAsync(a, "forged");
            // Deep in round 0: inside the ciphertext of a page batch.
            await using var proxy = new TcpProxy(new Uri(b.Address)) { FlipAt = 1_500_000 };
            var outcome = await Agents.MigrateAsync(a, b, "forged", proxy.Address);
            Assert.False(outcome.Result.Success);
            Assert.Contains("tampered", outcome.Result.Error, StringComparison.Ordinal);
            Assert.Contains("failed authentication", outcome.Result.Error, StringComparison.Ordinal);
            await Agents.AssertRunsOnlyOnAsync(a, "forged", console, b);
            Assert.Contains("discarded", b.Output, StringComparison.Ordinal);
        }
        finally
        {
            await Agents.DisposeAsync(agents);
        }
    }

    [Fact]
    public async Task Cancelling_the_call_abandons_the_migration_and_a_later_one_succeeds()
    {
        var agents = await Agents.StartAsync("cancel-a", "cancel-b");
        var (a, b) = (agents[0], agents[1]);
        try
        {
            await using var console = await Agents.StartDirtierAsync(a, "undecided");
            await using (var proxy = new TcpProxy(new Uri(b.Address)))
            {
                using var cancel = new CancellationTokenSource();
                var migration = Agents.MigrateAsync(a, b, "undecided", proxy.Address, bandwidthMbPerS: 2, cancel: cancel.Token);
                await WaitForwardedAsync(proxy, 1_000_000);
                Assert.Equal(Ivm.Host.V1.GuestState.Migrating, (await Agents.FindAsync(a, "undecided"))!.State);
                await cancel.CancelAsync();
                var e = await Assert.ThrowsAsync<RpcException>(() => migration);
                Assert.Equal(StatusCode.Cancelled, e.StatusCode);
                await Agents.AssertRunsOnlyOnAsync(a, "undecided", console, b);
                var deadline = DateTime.UtcNow.AddSeconds(10);
                while (!a.Output.Contains("abandoned: Copy: cancelled during Copy round 0", StringComparison.Ordinal))
                {
                    Assert.True(DateTime.UtcNow < deadline, a.Output);
                    await Task.Delay(50);
                }
            }

            var outcome = await Agents.MigrateAsync(a, b, "undecided");
            Assert.True(outcome.Result.Success, outcome.Result.Error);
            await console.SwitchToAsync(b.Client);
            await Agents.AssertRunsOnlyOnAsync(b, "undecided", console, a);
        }
        finally
        {
            await Agents.DisposeAsync(agents);
        }
    }

    [Fact]
    public async Task A_link_broken_after_the_commit_is_settled_by_asking_the_target_and_the_guest_runs_there_only()
    {
        var agents = await Agents.StartAsync("late-a", "late-b");
        var (a, b) = (agents[0], agents[1]);
        try
        {
            // A small idle guest (echo, parked in read), so the slowed link still converges at once.
            await using var console = await StartEchoAsync(a);

            // The target's acknowledgements take 300 ms through the proxy: the Running one is still
            // in the proxy when the target has already adopted the guest, and dies with the link.
            await using var proxy = new TcpProxy(new Uri(b.Address)) { DelayToSource = TimeSpan.FromMilliseconds(300) };
            var migration = Agents.MigrateAsync(a, b, "limbo", proxy.Address);
            await WaitForArrivalAsync(a, b);

            proxy.Break();
            var outcome = await migration;
            Assert.True(outcome.Result.Success, outcome.Result.Error);
            Assert.Contains("the link broke after the commit", a.Output, StringComparison.Ordinal);
            await AssertMovedAsync(a, b, console);
        }
        finally
        {
            await Agents.DisposeAsync(agents);
        }
    }

    [Fact]
    public async Task A_guest_left_paused_after_an_unanswered_commit_is_released_once_the_target_answers()
    {
        var agents = await Agents.StartAsync("limbo-a", "limbo-b");
        var (a, b) = (agents[0], agents[1]);
        try
        {
            await using var console = await StartEchoAsync(a);

            await using var proxy = new TcpProxy(new Uri(b.Address)) { DelayToSource = TimeSpan.FromMilliseconds(300) };
            var outcome = await LeavePausedAsync(a, b, proxy);
            Assert.Contains("could not be reached for 3 s", outcome.Result.Error, StringComparison.Ordinal);
            Assert.Contains("stays paused on the source", outcome.Result.Error, StringComparison.Ordinal);
            Assert.NotNull(await Agents.FindAsync(a, "limbo"));

            // Reachable again: the source's next question gets "running there", and it lets go.
            proxy.Refusing = false;
            const string Released = "settled after the call: target 'target' answered that it has the guest; released on the source";
            for (var deadline = DateTime.UtcNow.AddSeconds(30); !a.Output.Contains(Released, StringComparison.Ordinal);)
            {
                Assert.True(DateTime.UtcNow < deadline, $"source:\n{a.Output}");
                await Task.Delay(20);
            }

            await AssertMovedAsync(a, b, console);
        }
        finally
        {
            await Agents.DisposeAsync(agents);
        }
    }

    [Fact]
    public async Task A_source_agent_restarted_while_its_guest_waited_for_the_answer_removes_it_when_the_target_has_it()
    {
        var agents = await Agents.StartAsync("gone-a", "gone-b");
        var (a, b) = (agents[0], agents[1]);
        try
        {
            await using var console = await StartEchoAsync(a);
            await using var proxy = new TcpProxy(new Uri(b.Address)) { DelayToSource = TimeSpan.FromMilliseconds(300) };
            await LeavePausedAsync(a, b, proxy);

            // The source dies with the guest paused; its record still says On. Restarted, it must
            // not start it from its image while the target runs it, and it asks the target first.
            await a.KillAsync();
            proxy.Refusing = false;
            var restarted = agents[0] = await RestartAsync(a, "gone-a", "guest 'limbo' arrived at target (migration", b);

            Assert.Empty(Directory.GetFiles(Path.Combine(a.DataDirectory, "migrations"), "*.departure"));
            await AssertMovedAsync(restarted, b, console);
        }
        finally
        {
            await Agents.DisposeAsync(agents);
        }
    }

    [Fact]
    public async Task A_source_agent_restarted_mid_copy_starts_its_guest_again_once_the_target_says_it_did_not_arrive()
    {
        var agents = await Agents.StartAsync("back-a", "back-b");
        var (a, b) = (agents[0], agents[1]);
        try
        {
            await using var console = await Agents.StartDirtierAsync(a, "limbo");
            await using var proxy = new TcpProxy(new Uri(b.Address));
            var migration = Agents.MigrateAsync(a, b, "limbo", proxy.Address, bandwidthMbPerS: 2);
            await WaitForwardedAsync(proxy, 1_000_000);
            await a.KillAsync();
            await Assert.ThrowsAnyAsync<Exception>(async () => await migration);
            var restarted = agents[0] = await RestartAsync(a, "back-a", "guest 'limbo' did not arrive at target", b);

            // Started again from its image (its memory died with the agent), here and only here.
            for (var until = DateTime.UtcNow.AddSeconds(30); (await Agents.FindAsync(restarted, "limbo"))?.State != Ivm.Host.V1.GuestState.On;)
            {
                Assert.True(DateTime.UtcNow < until, $"restarted source:\n{restarted.Output}");
                await Task.Delay(20);
            }

            Assert.Null(await Agents.FindAsync(b, "limbo"));
        }
        finally
        {
            await Agents.DisposeAsync(agents);
        }
    }

    [Fact]
    public async Task A_target_not_told_the_token_refuses_and_nothing_moves()
    {
        var agents = await Agents.StartAsync("untold-a", "untold-b");
        var (a, b) = (agents[0], agents[1]);
        try
        {
            await using var console = await Agents.StartDirtierAsync(a, "stranger");
            var e = await Assert.ThrowsAsync<RpcException>(() => Agents.MigrateAsync(a, b, "stranger", expect: false));
            Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
            Assert.Contains("was not told to expect migration", e.Status.Detail, StringComparison.Ordinal);
            await Agents.AssertRunsOnlyOnAsync(a, "stranger", console, b);
        }
        finally
        {
            await Agents.DisposeAsync(agents);
        }
    }

    [Fact]
    public async Task A_target_without_the_memory_refuses_with_FailedPrecondition_naming_the_shortfall()
    {
        var a = await AgentProcess.StartAsync(Paths.NewDataDirectory("mig-small-a"), "small-a", "--memory", "1G");
        var b = await AgentProcess.StartAsync(Paths.NewDataDirectory("mig-small-b"), "small-b", "--memory", "32M");
        try
        {
            await using var console = await Agents.StartDirtierAsync(a, "large");
            var e = await Assert.ThrowsAsync<RpcException>(() => Agents.MigrateAsync(a, b, "large"));
            Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
            Assert.Contains("not enough memory", e.Status.Detail, StringComparison.Ordinal);
            Assert.Contains("small-b", e.Status.Detail, StringComparison.Ordinal);
            await Agents.AssertRunsOnlyOnAsync(a, "large", console, b);
        }
        finally
        {
            await a.DisposeAsync();
            await b.DisposeAsync();
        }
    }

    // The killed source agent started again on its data directory, once its log says `expected`.
    private static async Task<AgentProcess> RestartAsync(AgentProcess killed, string name, string expected, AgentProcess target)
    {
        var restarted = await AgentProcess.StartAsync(killed.DataDirectory, name, "--memory", "1G");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!restarted.Output.Contains(expected, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"restarted source:\n{restarted.Output}\ntarget:\n{target.Output}");
            await Task.Delay(20);
        }

        return restarted;
    }

    // A small idle guest (echo, parked in read) on the source that has read "before\n", its console followed.
    private static async Task<FollowingConsole> StartEchoAsync(AgentProcess a)
    {
        await a.Client.CreateGuestAsync(new Ivm.Host.V1.CreateGuestRequest
        {
            Config = new Ivm.Host.V1.GuestConfig { Name = "limbo", ImagePath = Paths.Echo, MemoryBytes = 16UL << 20, EntitlementPercent = 10, StartAttribute = Ivm.Host.V1.StartAttribute.Manual },
        });
        await a.Client.StartGuestAsync(new Ivm.Host.V1.StartGuestRequest { Name = "limbo" });
        var console = new FollowingConsole(a.Client, "limbo");
        await a.Client.SendConsoleInputAsync(new Ivm.Host.V1.ConsoleInput { Name = "limbo", Data = Google.Protobuf.ByteString.CopyFromUtf8("before\n") });
        return console;
    }

    // The target has adopted the guest (the commit reached it).
    private static async Task WaitForArrivalAsync(AgentProcess a, AgentProcess b)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!b.Output.Contains("guest 'limbo' migrated here", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"target:\n{b.Output}\nsource:\n{a.Output}");
            await Task.Delay(5);
        }
    }

    // The Running acknowledgement dies in the proxy (it holds the target's answers 300 ms) and the
    // target then stays unreachable for longer than a 3 s Frozen phase: the call gives up asking
    // and the guest waits paused on the source. The proxy is left refusing.
    private static async Task<Agents.Outcome> LeavePausedAsync(AgentProcess a, AgentProcess b, TcpProxy proxy)
    {
        var migration = Agents.MigrateAsync(a, b, "limbo", proxy.Address, frozenMs: 3000);
        await WaitForArrivalAsync(a, b);
        proxy.Refusing = true;
        proxy.Break();
        var outcome = await migration;
        Assert.False(outcome.Result.Success);
        return outcome;
    }

    // Gone from the source, On at the target with its state: a line typed there is echoed after the first.
    private static async Task AssertMovedAsync(AgentProcess from, AgentProcess to, FollowingConsole console)
    {
        Assert.Null(await Agents.FindAsync(from, "limbo"));
        Assert.Equal(Ivm.Host.V1.GuestState.On, (await Agents.FindAsync(to, "limbo"))!.State);
        await to.Client.SendConsoleInputAsync(new Ivm.Host.V1.ConsoleInput { Name = "limbo", Data = Google.Protobuf.ByteString.CopyFromUtf8("after\n") });
        await console.SwitchToAsync(to.Client);
        for (var until = DateTime.UtcNow.AddSeconds(20); console.Text != "before\nafter\n" && DateTime.UtcNow < until;)
        {
            await Task.Delay(20);
        }

        Assert.Equal("before\nafter\n", console.Text);
    }
}
