using System.Diagnostics;
using System.Security.Cryptography;
using Ivm.Host.Tests;
using Ivm.Host.V1;
using Xunit.Abstractions;

namespace Ivm.Migration.Tests;

/// <summary>Figures for docs/migration.md: the stream's throughput and the sealing's CPU cost.</summary>
public sealed class ThroughputTests(ITestOutputHelper output)
{
    private static string Toucher => Path.Combine(Paths.Repository, "guests", "bin", "ia64", "dirtier", "toucher");

    [Fact]
    public async Task An_idle_guest_with_64_MiB_touched_moves_with_every_page_once_and_a_short_downtime()
    {
        var agents = await Agents.StartAsync("bench-a", "bench-b");
        var (a, b) = (agents[0], agents[1]);
        try
        {
            await a.Client.CreateGuestAsync(new CreateGuestRequest
            {
                Config = new GuestConfig { Name = "idle", ImagePath = Toucher, MemoryBytes = 128UL << 20, EntitlementPercent = 50, StartAttribute = Host.V1.StartAttribute.Manual },
            });
            await a.Client.StartGuestAsync(new StartGuestRequest { Name = "idle" });
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((await a.Client.GetGuestAsync(new GetGuestRequest { Name = "idle" })).ConsoleLength < 6)
            {
                Assert.True(DateTime.UtcNow < deadline, "the toucher did not fill its memory in time");
                await Task.Delay(100);
            }

            // Twice: the first pays for warming up both agents, the second is the figure.
            foreach (var (from, to) in new[] { (a, b), (b, a) })
            {
                var outcome = await Agents.MigrateAsync(from, to, "idle");
                Assert.True(outcome.Result.Success, outcome.Result.Error);
                var s = outcome.Result.Statistics;
                double copyMs = s.TotalMs - s.SetupMs - s.DowntimeMs;
                output.WriteLine($"idle 64 MiB: total {s.TotalMs} ms, setup {s.SetupMs} ms, downtime {s.DowntimeMs} ms, rounds {s.Rounds}, pages {s.PagesSent}, zero {s.ZeroPages}, wire {s.BytesSent} bytes ({(double)s.BytesSent / s.MemoryBytes:0.000} per guest byte), {s.ThroughputMbPerS:0.0} MB/s overall, copy {s.MemoryBytes / 1e3 / copyMs:0.0} MB/s");
                foreach (string line in from.Output.Split('\n').Where(l => l.Contains("completed:", StringComparison.Ordinal)).TakeLast(1))
                {
                    output.WriteLine(line);
                }

                Assert.True(s.MemoryBytes >= 64UL << 20);
                Assert.True(s.BytesSent < s.MemoryBytes * 11 / 10, $"{s.BytesSent} bytes sent for {s.MemoryBytes} bytes of an idle guest");
            }
        }
        finally
        {
            await Agents.DisposeAsync(agents);
        }
    }

    [Fact]
    public void Sealing_costs_one_core_a_fraction_of_the_stream()
    {
        byte[] key = RandomNumberGenerator.GetBytes(32);
        using var seal = new SealedChannel(key, "bench", 0, 0);
        using var open = new SealedChannel(key, "bench", 0, 0);
        var plain = RandomNumberGenerator.GetBytes(PageBatch.MaxBytes);
        var sealedBytes = new byte[plain.Length + SealedChannel.TagBytes];
        var opened = new byte[plain.Length];
        const int frames = 512;   // 128 MiB
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < frames; i++)
        {
            ulong sequence = seal.Seal(FrameKind.Pages, plain, sealedBytes);
            open.Open(MigrationStage.Copy, FrameKind.Pages, sequence, sealedBytes, opened);
        }

        double mbPerS = (double)frames * plain.Length / 1e6 / clock.Elapsed.TotalSeconds;
        output.WriteLine($"AES-256-GCM seal + open on one core: {mbPerS:0} MB/s ({frames} frames of {plain.Length} bytes)");
        Assert.Equal(plain, opened);
    }
}
