using System.Globalization;
using System.Text;
using Ivm.Host.Tests;
using Ivm.Host.V1;
using Ivm.Migration.Tests;
using Ivm.Migration.V1;

/// <summary>
/// Live migrations of the dirtyrate guest between two real host agents on loopback, for every
/// touched size and dirtying rate asked: the downtime's distribution (p50, p95, max) and where it
/// went, total time against the physical limit (touched memory over the stream's bandwidth, which
/// round 0 measures: every touched page once, nothing else on the link), bytes on the wire per byte
/// of guest memory, and the throughput. The guest moves back and forth, one migration after another.
/// </summary>
internal static class MigrationBench
{
    private const string Usage = """
        usage: migration [--sizes MIB,...] [--rates MB_PER_S,...] [--runs N] [--downtime MS] [--max-time S] [--agent-option OPTION ...]
          --sizes      touched guest memory in MiB (default 64,512,2048)
          --rates      what the guest dirties, MB/s; 0 is idle (default 0,10,200)
          --runs       migrations per case after two warm-ups, there and back (default 10)
          --downtime   the downtime limit given to each migration (default: the agent's, 50 ms)
          --max-time   after this many seconds a migration that has not converged is abandoned (default 120)
          --agent-option  passed to both host agents (e.g. --agent-option --migration-encryption --agent-option off)
        """;

    private static string DirtyRate => Path.Combine(Paths.Repository, "guests", "bin", "ia64", "dirtyrate", "dirtyrate");

    public static async Task<int> RunAsync(string[] args)
    {
        int[] sizes = [64, 512, 2048], rates = [0, 10, 200];
        int runs = 10;
        uint downtime = 0, maxSeconds = 120;
        var agentOptions = new List<string>();
        try
        {
            for (int i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--sizes": sizes = Numbers("--sizes", Value(), 1, 8192); break;
                    case "--rates": rates = Numbers("--rates", Value(), 0, 10_000); break;
                    case "--runs": runs = Numbers("--runs", Value(), 1, 1000).Single(); break;
                    case "--downtime": downtime = (uint)Numbers("--downtime", Value(), 1, 60_000).Single(); break;
                    case "--max-time": maxSeconds = (uint)Numbers("--max-time", Value(), 1, 3600).Single(); break;
                    case "--agent-option": agentOptions.Add(Value()); break;
                    case "--help" or "-h": Console.WriteLine(Usage); return 0;
                    default: throw new ArgumentException($"unknown option '{args[i]}'");
                }
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            Console.Error.WriteLine($"migration: {e.Message}\n{Usage}");
            return 2;
        }

        if (!File.Exists(DirtyRate))
        {
            Console.Error.WriteLine($"migration: the guest {DirtyRate} is missing; build the solution first");
            return 2;
        }

        // Each agent must hold the largest guest (and the one arriving while it leaves).
        string memory = $"{sizes.Max() * 2 + 1024}M";
        string[] options = ["--cores", "2", "--memory", memory, .. agentOptions];
        string dataA = Paths.NewDataDirectory("bench-mig-a"), dataB = Paths.NewDataDirectory("bench-mig-b");
        try
        {
            await using var a = await AgentProcess.StartAsync(dataA, "bench-a", options);
            await using var b = await AgentProcess.StartAsync(dataB, "bench-b", options);
            Console.WriteLine($"migration: agents {a.Address} and {b.Address} ({string.Join(' ', options)}); {runs} migrations per case after {WarmUps} warm-ups");
            var rows = new List<string>();
            foreach (int size in sizes)
            {
                foreach (int rate in rates)
                {
                    rows.Add(await CaseAsync(a, b, size, rate, runs, downtime, maxSeconds));
                }
            }

            Console.WriteLine();
            Console.WriteLine(Header);
            rows.ForEach(Console.WriteLine);
            return 0;
        }
        finally
        {
            Directory.Delete(dataA, recursive: true);
            Directory.Delete(dataB, recursive: true);
        }
    }

    private const string Header =
        "| touched | dirtying | converged | downtime p50 | p95 | max | total (mean) | physical limit | total / limit | rounds | wire bytes per guest byte | stream MB/s | throttle | agents' CPU per GB sent |\n" +
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

    // Each agent leaves and receives the guest once before anything is measured: the first time an
    // agent runs either side, the runtime compiles that code path (milliseconds inside the freeze).
    private const int WarmUps = 2;

    private static async Task<string> CaseAsync(AgentProcess a, AgentProcess b, int size, int rate, int runs, uint downtime, uint maxSeconds)
    {
        string name = $"dr{size}m{rate}";
        await a.Client.CreateGuestAsync(new CreateGuestRequest
        {
            Config = new GuestConfig
            {
                Name = name,
                ImagePath = DirtyRate,
                Arguments = { size.ToString(CultureInfo.InvariantCulture), rate.ToString(CultureInfo.InvariantCulture) },
                MemoryBytes = (ulong)(size + 32) << 20,
                EntitlementPercent = 50,
                StartAttribute = Ivm.Host.V1.StartAttribute.Manual,
            },
        });
        await a.Client.StartGuestAsync(new StartGuestRequest { Name = name });
        await using (var console = new ConsoleWatcher(a.Client, name))
        {
            await console.WaitForAsync(text => text.Contains("ready\n", StringComparison.Ordinal), TimeSpan.FromSeconds(60 + size / 8));
        }

        // The guest dirties at its rate for a moment before the first migration.
        await Task.Delay(1000);
        var (from, to) = (a, b);
        var results = new List<MigrationStatistics>();
        int failed = 0;
        string lastError = "";
        TimeSpan cpu = TimeSpan.Zero;
        ulong wireBytes = 0;
        for (int run = 0; run < WarmUps + runs; run++)
        {
            var cpuBefore = a.CpuTime + b.CpuTime;
            var progress = await MigrationCall.RunAsync(from, to, new MigrateGuestRequest
            {
                Name = name,
                TargetHost = to == a ? "bench-a" : "bench-b",
                Online = true,
                DowntimeMs = downtime,
                MaxTotalMs = maxSeconds * 1000,
            });
            var result = progress[^1].Result ?? throw new InvalidOperationException("MigrateGuest ended without a result");
            if (result.Success)
            {
                (from, to) = (to, from);
                if (run >= WarmUps)
                {
                    results.Add(result.Statistics);
                    cpu += a.CpuTime + b.CpuTime - cpuBefore;
                    wireBytes += result.Statistics.BytesSent;
                }
            }
            else if (run >= WarmUps)
            {
                failed++;
                lastError = result.Error;
            }

            var s = result.Statistics ?? new MigrationStatistics();
            Console.WriteLine(Invariant($"  {name} {(run < WarmUps ? $"warm-up {run + 1}" : $"#{run - WarmUps + 1}")}: {(result.Success ? "ok" : "FAILED " + result.Error)}; downtime {s.DowntimeExactMs:F1} ms (pause {s.PauseMs:F1}, last copy {s.LastCopyMs:F1}, target ready {s.TargetReadyMs:F1}, resume {s.ResumeMs:F1}), total {s.TotalMs} ms, round 0 {s.Round0Ms} ms, rounds {s.Rounds}, {s.BytesSent / 1e6:F1} MB sent, throttle {s.ThrottlePercent}%"));
            await Task.Delay(500);
        }

        await from.Client.StopGuestAsync(new StopGuestRequest { Name = name, Force = true });
        await Guests.WaitForStateAsync(from.Client, name, GuestState.Off, TimeSpan.FromSeconds(30));
        await from.Client.RemoveGuestAsync(new RemoveGuestRequest { Name = name });
        if (results.Count == 0)
        {
            return Invariant($"| {size} MiB | {rate} MB/s | 0/{runs} | — | — | — | — | — | — | — | — | — | — | — |") + (lastError.Length > 0 ? $" ({lastError})" : "");
        }

        var downtimes = results.Select(s => s.DowntimeExactMs).Order().ToArray();
        // Round 0 carries every touched page once with nothing else on the link: the stream's bandwidth.
        double bandwidth = results.Average(s => s.MemoryBytes / 1e3 / Math.Max(1, s.Round0Ms));
        double limitMs = size * 1048576.0 / 1e3 / bandwidth;
        double totalMs = results.Average(s => (double)s.TotalMs);
        return Invariant($"| {size} MiB | {rate} MB/s | {results.Count}/{runs} | {Percentile(downtimes, 0.50):F1} ms | {Percentile(downtimes, 0.95):F1} ms | {downtimes[^1]:F1} ms | ") +
            Invariant($"{totalMs:F0} ms | {limitMs:F0} ms | {totalMs / limitMs:F2} | {results.Average(s => s.Rounds):F1} | ") +
            Invariant($"{results.Average(s => (double)s.BytesSent / s.MemoryBytes):F3} | {bandwidth:F0} | {results.Max(s => s.ThrottlePercent)}% |") +
            Invariant($" {cpu.TotalSeconds / (wireBytes / 1e9):F2} s |") +
            (failed > 0 ? $" {failed} abandoned: {lastError}" : "");
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static int[] Numbers(string option, string text, int min, int max) =>
        text.Split(',').Select(part => int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{option} {text}: '{part}' is not a whole number from {min} to {max}")).ToArray();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
