using System.Diagnostics;
using System.Text;
using Xunit;

namespace Ivm.Cli.Tests.Cluster;

/// <summary>
/// The whole cluster through the real hpvm binary: <c>hpvm cluster up --hosts 2</c> starts a real
/// controller and two host agents; guests are created, started, read, listed, modified, stopped,
/// cloned and removed with hpvm's commands; <c>hpvm cluster down</c> stops every process.
/// </summary>
public sealed class ClusterEndToEndTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void ThreeGuestsOnTwoHostsThroughHpvmsCommands()
    {
        using var cluster = LocalCluster.Start(hosts: 2, memoryPerHost: "1G");
        var hpvm = cluster.Hpvm;
        Assert.Contains("host1", cluster.Up.Stdout, StringComparison.Ordinal);
        Assert.Contains("host2", cluster.Up.Stdout, StringComparison.Ordinal);
        Assert.Contains("All 2 hosts registered with the controller.", cluster.Up.Stdout, StringComparison.Ordinal);

        // A second cluster is refused while this one runs.
        var again = hpvm.Run("cluster", "up", "--hosts", "1");
        Assert.Equal(1, again.ExitCode);
        Assert.StartsWith("hpvm cluster up: a cluster is already running (controller http://127.0.0.1:", again.Stderr, StringComparison.Ordinal);

        var status = hpvm.Run("cluster", "status");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("[Hosts]", status.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("NOT RUNNING", status.Stdout, StringComparison.Ordinal);

        foreach (string name in new[] { "g1", "g2", "g3" })
        {
            Ok(hpvm.Run("create", "-P", name, "-r", "64M", "-l", $"guest {name}"));
        }

        Assert.Equal(["g1:1:LINUX:Off", "g2:2:LINUX:Off", "g3:3:LINUX:Off"], Records(hpvm).Select(r => string.Join(':', r[..4])));

        foreach (string name in new[] { "g1", "g2", "g3" })
        {
            var started = Ok(hpvm.Run("start", "-P", name));
            Assert.Matches($"^hpvm start: Successful start initiation of guest '{name}' on host 'host[12]'\n$", started.Stdout);
        }

        // Each console shows the demo guest's running counter.
        foreach (string name in new[] { "g1", "g2", "g3" })
        {
            string log = WaitFor(() => Ok(hpvm.Run("console", "-P", name, "-q", "-c", "cl")).Stdout, text => text.Contains("count 2\n", StringComparison.Ordinal), $"{name}'s console");
            Assert.StartsWith("count 0\ncount 1\ncount 2\n", log, StringComparison.Ordinal);
        }

        // All On, each on one of the two hosts, both hosts used (placement by most free memory).
        var records = Records(hpvm);
        Assert.All(records, r => Assert.Equal("On", r[3]));
        Assert.All(records, r => Assert.Contains(r[8], new[] { "host1", "host2" }));
        Assert.Equal(2, records.Select(r => r[8]).Distinct().Count());
        string table = Ok(hpvm.Run("status")).Stdout;
        Assert.StartsWith("[Virtual Machines]\nVirtual Machine Name VM #  OS Type State     #VCPUs #Devs #Nets Memory  Host\n", table, StringComparison.Ordinal);
        foreach (var r in records)
        {
            Assert.Contains($"{r[0],-20} {r[1],5} LINUX   On (OS)        1     0     0   64 MB {r[8]}\n", table, StringComparison.Ordinal);
        }

        // Entitlement changes while On; memory needs the guest Off, and the controller says so.
        Ok(hpvm.Run("modify", "-P", "g1", "-e", "20:40", "-l", "changed"));
        string details = Ok(hpvm.Run("status", "-P", "g1")).Stdout;
        Assert.Contains(" 1       20.0%   40.0%\n", details, StringComparison.Ordinal);
        Assert.Contains("Label           : changed\n", details, StringComparison.Ordinal);
        var refused = hpvm.Run("modify", "-P", "g1", "-r", "128M");
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("hpvm modify: ", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("memory", refused.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, refused.Stderr.Count(c => c == '\n'));

        // Stop one and remove it; an On guest cannot be removed.
        Ok(hpvm.Run("stop", "-P", "g3", "-F"));
        Assert.Equal("Off", Records(hpvm).Single(r => r[0] == "g3")[3]);
        Ok(hpvm.Run("remove", "-P", "g3", "-F"));
        Assert.Equal(["g1", "g2"], Records(hpvm).Select(r => r[0]));
        var onGuest = hpvm.Run("remove", "-P", "g1", "-F");
        Assert.Equal(1, onGuest.ExitCode);
        Assert.StartsWith("hpvm remove: ", onGuest.Stderr, StringComparison.Ordinal);
        var unknown = hpvm.Run("start", "-P", "g3");
        Assert.Equal(1, unknown.ExitCode);
        Assert.StartsWith("hpvm start: ", unknown.Stderr, StringComparison.Ordinal);
        Assert.Contains("g3", unknown.Stderr, StringComparison.Ordinal);

        // A clone is Off with the source's configuration.
        Ok(hpvm.Run("clone", "-P", "g1", "-N", "g1copy"));
        var clone = Records(hpvm).Single(r => r[0] == "g1copy");
        Assert.Equal(["Off", "20", "40"], new[] { clone[3], clone[9], clone[10] });

        // Down: every process stops, the record goes, and hpvm says there is no controller.
        var down = Ok(hpvm.Run("cluster", "down"));
        Assert.Equal(3, down.Stdout.Split('\n').Count(l => l.Contains("stopped (SIGTERM", StringComparison.Ordinal)));
        Assert.False(File.Exists(Path.Combine(hpvm.Home, "cluster.json")));
        Assert.StartsWith("hpvm status: no controller to talk to", hpvm.Run("status").Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheConsoleIsInteractiveOnATerminalAndCtrlBLeavesIt()
    {
        using var cluster = LocalCluster.Start(hosts: 1, memoryPerHost: "512M");
        var hpvm = cluster.Hpvm;
        string echo = Path.Combine(Ivm.Tests.Shared.TestDirectories.Repository, "guests", "bin", "ia64", "echo", "echo");
        Ok(hpvm.Run("create", "-P", "e1", "-r", "16M", "-i", echo));
        Ok(hpvm.Run("start", "-P", "e1"));

        // script(1) gives hpvm a pseudo-terminal; what the test writes is what a user types.
        var start = new ProcessStartInfo("script") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "-qfec", $"dotnet {Hpvm.Dll} console -P e1", "/dev/null" })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["IVM_HOME"] = hpvm.Home;
        using var script = Process.Start(start)!;
        var output = new StringBuilder();
        var reader = Task.Run(async () =>
        {
            var buffer = new char[1024];
            int n;
            while ((n = await script.StandardOutput.ReadAsync(buffer)) > 0)
            {
                lock (output)
                {
                    output.Append(buffer, 0, n);
                }
            }
        });
        string Seen()
        {
            lock (output)
            {
                return output.ToString();
            }
        }

        try
        {
            WaitFor(Seen, text => text.Contains("(Use Ctrl-B to leave.)", StringComparison.Ordinal), "the console banner");
            script.StandardInput.Write("hello, guest\r");     // Enter
            script.StandardInput.Flush();

            // The terminal is raw (no local echo): the line on the screen is the echo guest's.
            WaitFor(Seen, text => text.Contains("hello, guest\r\n", StringComparison.Ordinal), "the guest's echo");
            Assert.Equal(1, Occurrences(Seen(), "hello, guest"));
            script.StandardInput.Write("\u0002");
            script.StandardInput.Flush();
            using (var exit = new CancellationTokenSource(Patience))
            {
                await script.WaitForExitAsync(exit.Token);
            }

            await reader.WaitAsync(Patience);
            Assert.Contains("[Left the console of 'e1'.]", Seen(), StringComparison.Ordinal);
        }
        finally
        {
            if (!script.HasExited)
            {
                script.Kill(entireProcessTree: true);
            }
        }

        // The guest kept running and still has its console.
        Assert.Equal("On", Records(hpvm).Single()[3]);
    }

    [Fact]
    public async Task WithoutATerminalTheConsoleForwardsInputAndFollowsOutput()
    {
        using var cluster = LocalCluster.Start(hosts: 1, memoryPerHost: "512M");
        var hpvm = cluster.Hpvm;
        string echo = Path.Combine(Ivm.Tests.Shared.TestDirectories.Repository, "guests", "bin", "ia64", "echo", "echo");
        Ok(hpvm.Run("create", "-P", "e2", "-r", "16M", "-i", echo));
        Ok(hpvm.Run("start", "-P", "e2"));

        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { Hpvm.Dll, "console", "-P", "e2" })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["IVM_HOME"] = hpvm.Home;
        using var console = Process.Start(start)!;
        try
        {
            console.StandardInput.Write("first line\nsecond line\n");
            console.StandardInput.Close();
            var text = new StringBuilder();
            var clock = Stopwatch.StartNew();
            while (!text.ToString().Contains("second line\n", StringComparison.Ordinal))
            {
                Assert.True(clock.Elapsed < Patience, $"no echo on the followed console: {text}");
                string? line = await console.StandardOutput.ReadLineAsync().WaitAsync(Patience);
                Assert.True(line is not null, $"the output ended: {text}");
                text.Append(line).Append('\n');
            }

            Assert.Equal("first line\nsecond line\n", text.ToString());
        }
        finally
        {
            console.Kill(entireProcessTree: true);
        }
    }

    private static Hpvm.Result Ok(Hpvm.Result result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private static List<string[]> Records(Hpvm hpvm) =>
        Ok(hpvm.Run("status", "-M")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(':')).ToList();

    private static string WaitFor(Func<string> read, Func<string, bool> done, string what)
    {
        var clock = Stopwatch.StartNew();
        string text = read();
        while (!done(text))
        {
            Assert.True(clock.Elapsed < Patience, $"waited {Patience.TotalSeconds} s for {what}; last seen:\n{text}");
            Thread.Sleep(200);
            text = read();
        }

        return text;
    }

    private static int Occurrences(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
