using System.Diagnostics;
using System.Globalization;
using Ivm.Host.Tests;
using Ivm.Host.V1;

/// <summary>One real host agent process (2 cores, 4 GiB) running GUESTS counter guests (default 64): how
/// fast they start, what an idle guest costs in host CPU and memory, and that no console lost a
/// line.</summary>
internal static class HostLoad
{
    private const int LinesEach = 10;

    public static async Task<int> RunAsync(int count)
    {
        string data = Paths.NewDataDirectory("bench");
        try
        {
            await using var agent = await AgentProcess.StartAsync(data, "bench", "--cores", "2", "--memory", "4G");
            var client = agent.Client;
            // One guest through its whole life first: the figures are the steady state's, not the
            // first calls' (JIT, serializer set-up, the first HTTP/2 streams).
            await client.CreateGuestAsync(new CreateGuestRequest { Config = Guests.Config("warm-up", Paths.Counter) });
            await client.StartGuestAsync(new StartGuestRequest { Name = "warm-up" });
            await client.StopGuestAsync(new StopGuestRequest { Name = "warm-up", Force = true });
            await client.RemoveGuestAsync(new RemoveGuestRequest { Name = "warm-up" });
            await Task.Delay(TimeSpan.FromSeconds(1));

            var names = Enumerable.Range(0, count).Select(i => $"counter{i:D3}").ToList();
            long residentBefore = agent.WorkingSet;
            var idleBefore = await AgentCpuPerSecondAsync(agent, TimeSpan.FromSeconds(2));

            var clock = Stopwatch.StartNew();
            await Task.WhenAll(names.Select(async name =>
                await client.CreateGuestAsync(new CreateGuestRequest { Config = Guests.Config(name, Paths.Counter, memory: 16 << 20, entitlement: 3) })));
            var created = clock.Elapsed;
            clock.Restart();
            await Task.WhenAll(names.Select(async name => await client.StartGuestAsync(new StartGuestRequest { Name = name })));
            var started = clock.Elapsed;

            // Every console complete and in order (read once, from the start of each log).
            var watchers = names.Select(name => new ConsoleWatcher(client, name)).ToList();
            await Task.WhenAll(watchers.Select(w => w.WaitForLinesAsync(LinesEach, TimeSpan.FromSeconds(60))));
            var expected = Enumerable.Range(0, LinesEach).Select(i => $"count {i}");
            int complete = watchers.Count(w => w.Lines.Take(LinesEach).SequenceEqual(expected));
            foreach (var watcher in watchers)
            {
                await watcher.DisposeAsync();
            }

            // Idle: the counters sleep 200 ms between lines; nobody watches. The first window still
            // holds the translation of each guest's hot code; the second is the steady state.
            var settling = await AgentCpuPerSecondAsync(agent, TimeSpan.FromSeconds(5));
            var running = await AgentCpuPerSecondAsync(agent, TimeSpan.FromSeconds(5));
            long residentAfter = agent.WorkingSet;
            var guests = (await client.ListGuestsAsync(new ListGuestsRequest())).Guests;
            double backed = guests.Average(g => (double)g.MemoryUsedBytes);

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                host-load: {count} counter guests on one agent (2 cores, 4 GiB)
                  created                 {created.TotalMilliseconds,8:F0} ms   {count / created.TotalSeconds,8:F0} guests/s
                  started                 {started.TotalMilliseconds,8:F0} ms   {count / started.TotalSeconds,8:F0} guests/s
                  consoles complete       {complete,8} of {count} ({LinesEach} lines each, in order)
                  agent CPU, no guests    {idleBefore,8:F2} ms per second
                  agent CPU, first 5 s    {settling,8:F2} ms per second (hot code being translated)
                  agent CPU, all running  {running,8:F2} ms per second = {(running - idleBefore) / count,6:F3} ms/s per guest
                  guest memory backed     {backed / 1024,8:F0} KiB per guest
                  agent resident memory   {(residentAfter - residentBefore) / (double)count / 1024,8:F0} KiB more per guest
                """));
            return complete == count ? 0 : 1;
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<double> AgentCpuPerSecondAsync(AgentProcess agent, TimeSpan window)
    {
        var before = agent.CpuTime;
        var clock = Stopwatch.StartNew();
        await Task.Delay(window);
        return (agent.CpuTime - before).TotalMilliseconds / clock.Elapsed.TotalSeconds;
    }
}
