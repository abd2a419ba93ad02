using System.Diagnostics;
using System.Globalization;
using Ivm.Host.V1;
using Xunit;
using Xunit.Abstractions;

namespace Ivm.Host.Tests;

/// <summary>64 counter guests at once on one agent with 2 cores: every console complete and in order.</summary>
public sealed class LoadTests(ITestOutputHelper output)
{
    private const int GuestCount = 64;
    private const int LinesEach = 10;

    [Fact]
    public async Task SixtyFourCountersRunAtOnceAndNoConsoleLosesALine()
    {
        string data = Paths.NewDataDirectory("load");
        try
        {
            await using var agent = await AgentProcess.StartAsync(data, "busy", "--cores", "2", "--memory", "4G");
            var client = agent.Client;
            var names = Enumerable.Range(0, GuestCount).Select(i => $"counter{i:D2}").ToList();
            // One guest through its life first, so the figures below are the steady state's, not
            // the first calls' (JIT, JSON serializer set-up, the first HTTP/2 streams).
            await client.CreateGuestAsync(new CreateGuestRequest { Config = Guests.Config("warm-up", Paths.Counter) });
            await client.StartGuestAsync(new StartGuestRequest { Name = "warm-up" });
            await client.StopGuestAsync(new StopGuestRequest { Name = "warm-up", Force = true });
            await client.RemoveGuestAsync(new RemoveGuestRequest { Name = "warm-up" });

            long residentBefore = agent.WorkingSet;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(names.Select(async name =>
                await client.CreateGuestAsync(new CreateGuestRequest { Config = Guests.Config(name, Paths.Counter, memory: 16 << 20, entitlement: 3) })));
            var created = clock.Elapsed;

            clock.Restart();
            await Task.WhenAll(names.Select(async name => await client.StartGuestAsync(new StartGuestRequest { Name = name })));
            var started = clock.Elapsed;

            var watchers = names.Select(name => new ConsoleWatcher(client, name)).ToList();
            try
            {
                clock.Restart();
                await Task.WhenAll(watchers.Select(w => w.WaitForLinesAsync(LinesEach, TimeSpan.FromSeconds(30))));
                var consoles = clock.Elapsed;
                var expected = Enumerable.Range(0, LinesEach).Select(i => $"count {i}").ToList();
                foreach (var (name, watcher) in names.Zip(watchers))
                {
                    Assert.True(expected.SequenceEqual(watcher.Lines.Take(LinesEach)), $"{name}:\n{watcher.Text}");
                }

                // Idle cost: the whole agent's CPU over a second while 64 counters mostly sleep.
                var cpuBefore = agent.CpuTime;
                var idleClock = Stopwatch.StartNew();
                await Task.Delay(TimeSpan.FromSeconds(1));
                double idlePerGuest = (agent.CpuTime - cpuBefore).TotalMilliseconds / idleClock.Elapsed.TotalSeconds / GuestCount;
                double residentPerGuest = (double)(agent.WorkingSet - residentBefore) / GuestCount;

                var host = await client.GetHostInfoAsync(new GetHostInfoRequest());
                Assert.Equal(GuestCount, host.GuestsOn);
                var guests = (await client.ListGuestsAsync(new ListGuestsRequest())).Guests;
                double cpuMsPerGuest = guests.Average(g => (double)g.CpuTimeMs);
                double memoryPerGuest = guests.Average(g => (double)g.MemoryUsedBytes);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"created {GuestCount} in {created.TotalMilliseconds:F0} ms; started in {started.TotalMilliseconds:F0} ms ({GuestCount / started.TotalSeconds:F0} guests/s); " +
                    $"{LinesEach} lines on every console after {consoles.TotalMilliseconds:F0} ms; load {host.Load:F3}; " +
                    $"guest CPU {cpuMsPerGuest:F1} ms each since start; agent CPU {idlePerGuest:F2} ms/s per guest once running, every console watched; guest memory {memoryPerGuest / 1024:F0} KiB backed each, agent resident memory {residentPerGuest / 1024:F0} KiB more per running guest (watchers included)"));
            }
            finally
            {
                foreach (var watcher in watchers)
                {
                    await watcher.DisposeAsync();
                }
            }

            // And with nobody watching: the cost of the guests themselves (timers, slices, console log).
            var quietBefore = agent.CpuTime;
            var quietClock = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(1));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"agent CPU {(agent.CpuTime - quietBefore).TotalMilliseconds / quietClock.Elapsed.TotalSeconds / GuestCount:F2} ms/s per guest with no console watched"));

            clock.Restart();
            await Task.WhenAll(names.Select(async name => await client.StopGuestAsync(new StopGuestRequest { Name = name, Force = true })));
            output.WriteLine($"stopped {GuestCount} in {clock.Elapsed.TotalMilliseconds:F0} ms");
            Assert.Equal(0, (await client.GetHostInfoAsync(new GetHostInfoRequest())).GuestsOn);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
