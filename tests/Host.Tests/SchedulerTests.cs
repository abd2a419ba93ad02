using Ivm.Host.V1;
using Xunit;
using Xunit.Abstractions;

namespace Ivm.Host.Tests;

/// <summary>
/// CPU-bound guests on a one-core agent share it by entitlement, and a cap holds a guest below it
/// even with the core otherwise idle.
/// </summary>
public sealed class SchedulerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SpinnersShareACoreByEntitlementAndACapHolds()
    {
        string data = Paths.NewDataDirectory("scheduler");
        try
        {
            await using var agent = await AgentProcess.StartAsync(data, "one-core", "--cores", "1", "--memory", "1G");
            var client = agent.Client;
            var capped = Guests.Config("capped", Paths.Spin, entitlement: 10);
            capped.EntitlementCapPercent = 20;
            await client.CreateGuestAsync(new CreateGuestRequest { Config = capped });
            await client.CreateGuestAsync(new CreateGuestRequest { Config = Guests.Config("small", Paths.Spin, entitlement: 20) });
            await client.CreateGuestAsync(new CreateGuestRequest { Config = Guests.Config("large", Paths.Spin, entitlement: 60) });

            // The cap alone: the core is free, yet the guest gets about a fifth of it.
            await client.StartGuestAsync(new StartGuestRequest { Name = "capped" });
            double cappedShare = (await MeasureAsync(client, ["capped"], TimeSpan.FromSeconds(1)))["capped"];
            output.WriteLine($"capped alone: {cappedShare:P0} of the core");
            Assert.InRange(cappedShare, 0.08, 0.35);   // loose: a slice can overrun the cap; CI shares the cores
            await client.StopGuestAsync(new StopGuestRequest { Name = "capped", Force = true });

            // Two uncapped spinners: CPU in proportion to entitlement, 20 : 60.
            await client.StartGuestAsync(new StartGuestRequest { Name = "small" });
            await client.StartGuestAsync(new StartGuestRequest { Name = "large" });
            var shares = await MeasureAsync(client, ["small", "large"], TimeSpan.FromSeconds(1.5));
            output.WriteLine($"small {shares["small"]:P0}, large {shares["large"]:P0}");
            Assert.InRange(shares["large"] / shares["small"], 1.8, 5.0);
            Assert.InRange(shares["small"] + shares["large"], 0.6, 1.1);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    // Each guest's CPU time over the interval, as a fraction of the interval.
    private static async Task<Dictionary<string, double>> MeasureAsync(HostAgent.HostAgentClient client, string[] names, TimeSpan interval)
    {
        async Task<Dictionary<string, ulong>> CpuAsync() =>
            (await client.ListGuestsAsync(new ListGuestsRequest())).Guests.Where(g => names.Contains(g.Config.Name))
                .ToDictionary(g => g.Config.Name, g => g.CpuTimeMs);

        // Past start-up: the first slice of a fresh agent includes compiling the interpreter, and a
        // slice's CPU time is only counted when it ends.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await client.ListGuestsAsync(new ListGuestsRequest())).Guests.Where(g => names.Contains(g.Config.Name))
            .Any(g => g.Instructions < 5_000_000) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var before = await CpuAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(interval);
        var after = await CpuAsync();
        double ms = clock.Elapsed.TotalMilliseconds;
        return names.ToDictionary(n => n, n => (after[n] - before[n]) / ms);
    }
}
