using Ivm.Migration.V1;
using Xunit.Abstractions;

namespace Ivm.Migration.Tests;

/// <summary>A guest that dirties memory faster than the link carries: auto-converge throttles it
/// until the rounds shrink, and a migration that cannot finish in time is abandoned. Alone, so the
/// guest gets the CPU to dirty with.</summary>
[Collection("alone")]
public sealed class ConvergenceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_guest_dirtying_faster_than_the_capped_link_is_throttled_in_steps()
    {
        var agents = await Agents.StartAsync("conv-a", "conv-b");
        var (a, b) = (agents[0], agents[1]);
        try
        {
            await using var console = await Agents.StartDirtierAsync(a, "busy");
            // About 13 MB/s dirtied (when it gets the CPU) against an 8 MB/s link and a 5 ms
            // downtime limit: the rounds cannot shrink enough without taking CPU away from it.
            var outcome = await Agents.MigrateAsync(a, b, "busy", bandwidthMbPerS: 8, downtimeMs: 5, maxTotalMs: 12_000);
            var copy = outcome.Progress.Where(p => p.Phase == MigrationPhase.Copy).ToList();
            foreach (var p in copy)
            {
                output.WriteLine($"round {p.Round}: remaining {p.RemainingBytes} bytes, dirty {p.DirtyRateMbPerS:0.0} MB/s, bandwidth {p.BandwidthMbPerS:0.0} MB/s, expected downtime {p.ExpectedDowntimeMs} ms, throttle {p.ThrottlePercent}%");
            }

            output.WriteLine(outcome.Result.Success
                ? $"converged: rounds {outcome.Result.Statistics.Rounds}, throttle {outcome.Result.Statistics.ThrottlePercent}%, downtime {outcome.Result.Statistics.DowntimeMs} ms, total {outcome.Result.Statistics.TotalMs} ms"
                : $"abandoned: {outcome.Result.Error}");

            // QEMU's steps: every round (from the second) that does not shrink below 90 % of the one
            // before raises the throttle for the next: 20 % first, then +10 %, up to 99 %.
            int steps = 0;
            for (int r = 2; r + 1 < copy.Count; r++)
            {
                bool stalled = copy[r].RemainingBytes * 10 >= copy[r - 1].RemainingBytes * 9;
                uint before = copy[r].ThrottlePercent;
                uint expected = stalled && before < 99 ? (before == 0 ? 20u : Math.Min(99u, before + 10)) : before;
                Assert.True(expected == copy[r + 1].ThrottlePercent, $"round {r}: stalled {stalled}, throttle {before}% then {copy[r + 1].ThrottlePercent}%, expected {expected}%");
                steps += stalled ? 1 : 0;
            }

            output.WriteLine($"{steps} throttle steps");
            if (outcome.Result.Success)
            {
                await console.SwitchToAsync(b.Client);
                await Agents.AssertRunsOnlyOnAsync(b, "busy", console, a);
            }
            else
            {
                Assert.Contains("maximum", outcome.Result.Error, StringComparison.Ordinal);
                await Agents.AssertRunsOnlyOnAsync(a, "busy", console, b);
            }
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

[CollectionDefinition("alone", DisableParallelization = true)]
public sealed class AloneCollection;
