using Ivm.Migration.V1;
using Xunit.Abstractions;

namespace Ivm.Migration.Tests;

/// <summary>A guest that dirties memory faster than the link carries: auto-converge throttles it
/// until the rounds shrink, and a migration that cannot finish in time is abandoned.</summary>
public sealed class ConvergenceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_guest_dirtying_faster_than_the_capped_link_is_throttled_until_it_converges()
    {
        var agents = await Agents.StartAsync("conv-a", "conv-b");
        var (a, b) = (agents[0], agents[1]);
        try
        {
            await using var console = await Agents.StartDirtierAsync(a, "busy");
            // About 13 MB/s dirtied against an 8 MB/s link.
            var outcome = await Agents.MigrateAsync(a, b, "busy", bandwidthMbPerS: 8);
            foreach (var p in outcome.Progress.Where(p => p.Phase == MigrationPhase.Copy))
            {
                output.WriteLine($"round {p.Round}: remaining {p.RemainingBytes} bytes, dirty {p.DirtyRateMbPerS:0.0} MB/s, bandwidth {p.BandwidthMbPerS:0.0} MB/s, expected downtime {p.ExpectedDowntimeMs} ms, throttle {p.ThrottlePercent}%");
            }

            Assert.True(outcome.Result.Success, outcome.Result.Error);
            var s = outcome.Result.Statistics;
            output.WriteLine($"rounds {s.Rounds}, throttle {s.ThrottlePercent}%, downtime {s.DowntimeMs} ms, total {s.TotalMs} ms");
            Assert.True(s.ThrottlePercent >= 20, $"the guest was not throttled (rounds {s.Rounds})");
            Assert.True(s.DowntimeMs < 1000, $"downtime {s.DowntimeMs} ms");
            Assert.Contains(outcome.Progress, p => p.ThrottlePercent == 20);
            await console.SwitchToAsync(b.Client);
            await Agents.AssertRunsOnlyOnAsync(b, "busy", console, a);
        }
        finally
        {
            await Agents.DisposeAsync(agents);
        }
    }

    [Fact]
    public async Task A_migration_that_overruns_its_maximum_time_is_abandoned_and_the_guest_stays()
    {
        var agents = await Agents.StartAsync("slow-a", "slow-b");
        var (a, b) = (agents[0], agents[1]);
        try
        {
            await using var console = await Agents.StartDirtierAsync(a, "patient");
            // 4 MiB at 1 MB/s cannot finish in 1.5 s.
            var outcome = await Agents.MigrateAsync(a, b, "patient", bandwidthMbPerS: 1, maxTotalMs: 1500);
            Assert.False(outcome.Result.Success);
            Assert.Equal(MigrationPhase.Abandoned, outcome.Progress[^1].Phase);
            Assert.Contains("maximum total time of 1.5 s", outcome.Result.Error, StringComparison.Ordinal);
            await Agents.AssertRunsOnlyOnAsync(a, "patient", console, b);
        }
        finally
        {
            await Agents.DisposeAsync(agents);
        }
    }
}
