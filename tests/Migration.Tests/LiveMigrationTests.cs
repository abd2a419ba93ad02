using Ivm.Host.Tests;
using Ivm.Host.V1;
using Ivm.Migration.V1;
using Xunit.Abstractions;

namespace Ivm.Migration.Tests;

/// <summary>Live migration of a guest that keeps writing memory, between real agent processes.</summary>
public sealed class LiveMigrationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_guest_moves_A_to_B_to_A_to_C_and_its_console_shows_every_number_once_in_order()
    {
        var agents = await Agents.StartAsync("mig-a", "mig-b", "mig-c");
        var (a, b, c) = (agents[0], agents[1], agents[2]);
        try
        {
            await using var console = await Agents.StartDirtierAsync(a, "walker");
            var route = new[] { (a, b), (b, a), (a, c) };
            foreach (var (from, to) in route)
            {
                var outcome = await Agents.MigrateAsync(from, to, "walker");
                Assert.True(outcome.Result.Success, outcome.Result.Error);
                var s = outcome.Result.Statistics;
                output.WriteLine($"{from.DataDirectory} -> {to.DataDirectory}: total {s.TotalMs} ms, setup {s.SetupMs} ms, downtime {s.DowntimeMs} ms, rounds {s.Rounds}, pages {s.PagesSent}, zero {s.ZeroPages}, bytes {s.BytesSent}, {s.ThroughputMbPerS:0.0} MB/s, throttle {s.ThrottlePercent}%, memory {s.MemoryBytes}");
                Assert.Contains(outcome.Progress, p => p.Phase == MigrationPhase.Copy);
                Assert.Contains(outcome.Progress, p => p.Phase == MigrationPhase.Frozen);
                Assert.Equal(MigrationPhase.Completed, outcome.Progress[^1].Phase);
                Assert.True(s.MemoryBytes >= 4UL << 20, $"round 0 moved {s.MemoryBytes} bytes; the guest touches 4 MiB");

                await console.SwitchToAsync(to.Client);
                await Agents.AssertRunsOnlyOnAsync(to, "walker", console, from);
            }

            output.WriteLine($"{console.Numbers.Count} lines, last {console.Numbers[^1]}");
        }
        finally
        {
            await Agents.DisposeAsync(agents);
        }
    }

    [Fact]
    public async Task Offline_migration_moves_an_Off_guest_with_its_console_log_and_check_only_moves_nothing()
    {
        var agents = await Agents.StartAsync("off-a", "off-b");
        var (a, b) = (agents[0], agents[1]);
        try
        {
            await using (var console = await Agents.StartDirtierAsync(a, "quiet"))
            {
                var check = await Agents.MigrateAsync(a, b, "quiet", checkOnly: true);
                Assert.True(check.Result.Success, check.Result.Error);
                Assert.Null(await Agents.FindAsync(b, "quiet"));
                Assert.Equal(GuestState.On, (await Agents.FindAsync(a, "quiet"))!.State);
            }

            await a.Client.StopGuestAsync(new StopGuestRequest { Name = "quiet", Force = true });
            var before = (await Agents.FindAsync(a, "quiet"))!;
            var outcome = await Agents.MigrateAsync(a, b, "quiet", online: false);
            Assert.True(outcome.Result.Success, outcome.Result.Error);
            Assert.Null(await Agents.FindAsync(a, "quiet"));
            var moved = (await Agents.FindAsync(b, "quiet"))!;
            Assert.Equal(GuestState.Off, moved.State);
            Assert.Equal(before.ConsoleLength, moved.ConsoleLength);
            Assert.Equal(before.Config.MemoryBytes, moved.Config.MemoryBytes);
        }
        finally
        {
            await Agents.DisposeAsync(agents);
        }
    }
}
