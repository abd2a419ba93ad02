using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ivm.Tests.Shared;
using Xunit;

namespace Ivm.Controller.Tests;

/// <summary>
/// deploy/netns-cluster.sh's topology: the controller and two host agents each in their own network
/// namespace with their own address on a bridge, as separate machines would be; hpvm in the root
/// namespace drives them across it, and a guest migrates live from one agent's namespace to the
/// other's and back. Needs root (ip netns), which the test suite runs as. One test, one bring-up:
/// the namespaces and the bridge have fixed names, so two tests could not run side by side anyway.
/// </summary>
public sealed partial class NamespaceTopologyTests
{
    [Fact]
    public void TheCliAndLiveMigrationWorkAcrossNamespacesWithAnAddressPerHost()
    {
        Assert.True(Environment.UserName == "root", "this test creates network namespaces and needs root (as CI runs)");
        string script = Path.Combine(TestDirectories.Repository, "deploy", "netns-cluster.sh");
        string state = TestDirectories.NewTemporary("netns");
        var environment = new Dictionary<string, string> { ["IVM_NETNS_STATE"] = state };
        Run("bash", [script, "down"], environment);
        try
        {
            var up = Run("bash", [script, "up", "--hosts", "2", "--data-dir", Path.Combine(state, "data")], environment);
            Assert.True(up.ExitCode == 0, up.ToString());
            Assert.Contains("controller http://10.77.0.10:7300 (namespace ivm-ctl); 2 host agents in ivm-h1..ivm-h2", up.Stdout, StringComparison.Ordinal);

            // The namespaces really are separate: the controller's has only its own address.
            var addresses = Run("ip", ["-n", "ivm-ctl", "-4", "-o", "addr", "show"], environment);
            Assert.Contains("10.77.0.10/24", addresses.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("10.77.0.11", addresses.Stdout, StringComparison.Ordinal);

            string[] hpvm = [Component.Built("Cli", "hpvm.dll"), "--controller", "http://10.77.0.10:7300"];
            var hosts = Eventually(() => Run("dotnet", [.. hpvm, "cluster", "status"], environment),
                r => r.Stdout.Contains("http://10.77.0.11:7310", StringComparison.Ordinal) && r.Stdout.Contains("http://10.77.0.12:7310", StringComparison.Ordinal));
            Assert.Equal(2, hosts.Stdout.Split('\n').Count(l => l.Contains(" Up ", StringComparison.Ordinal)));

            Assert.Equal(0, Run("dotnet", [.. hpvm, "create", "-P", "across", "-r", "64M"], environment).ExitCode);
            var started = Run("dotnet", [.. hpvm, "start", "-P", "across"], environment);
            Assert.True(started.ExitCode == 0, started.ToString());
            Assert.Matches("on host 'host[12]'", started.Stdout);
            Eventually(() => Run("dotnet", [.. hpvm, "console", "-P", "across", "-q", "-c", "cl"], environment),
                r => r.Stdout.StartsWith("count 0\ncount 1\n", StringComparison.Ordinal));
            var record = Run("dotnet", [.. hpvm, "status", "-M"], environment).Stdout.Trim().Split(':');
            Assert.Equal(("across", "On"), (record[0], record[3]));

            MigratesLiveBetweenTheNamespaces(hpvm, Path.Combine(state, "data"), environment);
        }
        finally
        {
            Run("bash", [script, "down"], environment);
            Directory.Delete(state, recursive: true);
        }
    }

    /// <summary>
    /// The dirtier guest (it dirties memory, checks its own sum and prints "seq N") moves live from
    /// host1 to host2 and back. Its console log, which travels with it, must show every number once
    /// and in order and never "CHECKSUM ERROR"; and the pages must have gone over the agents' own
    /// interfaces — in one namespace they would go over loopback and leave eth0's counters still.
    /// </summary>
    private static void MigratesLiveBetweenTheNamespaces(string[] hpvm, string data, Dictionary<string, string> environment)
    {
        string dirtier = Path.Combine(TestDirectories.Repository, "guests", "bin", "ia64", "dirtier", "dirtier");
        Ok(Run("dotnet", [.. hpvm, "create", "-P", "g", "-r", "64M", "-h", "host1", "-i", dirtier], environment));
        Ok(Run("dotnet", [.. hpvm, "start", "-P", "g"], environment));
        Eventually(() => Run("dotnet", [.. hpvm, "console", "-P", "g", "-q", "-c", "cl"], environment), r => Highest(r.Stdout) >= 3);

        var check = Ok(Run("dotnet", [.. hpvm, "migrate", "-P", "g", "-h", "host2", "-o", "-s"], environment));
        Assert.Equal("hpvm migrate: 'g' can be migrated online from host1 to host2: every check passed; nothing was moved (run again without -s to migrate)\n", check.Stdout);
        foreach (var (from, to) in new[] { ("host1", "host2"), ("host2", "host1") })
        {
            int before = Highest(Ok(Run("dotnet", [.. hpvm, "console", "-P", "g", "-q", "-c", "cl"], environment)).Stdout);
            long sentBefore = InterfaceBytes(Namespace(from), "tx", environment);
            long receivedBefore = InterfaceBytes(Namespace(to), "rx", environment);

            var moved = Ok(Run("dotnet", [.. hpvm, "migrate", "-P", "g", "-h", to, "-o"], environment));
            Assert.Contains($"hpvm migrate: 'g' migrated online from {from} to {to}\nTotal Time      : ", moved.Stdout, StringComparison.Ordinal);
            var guest = Ok(Run("dotnet", [.. hpvm, "status", "-M"], environment)).Stdout.Split('\n').Single(l => l.StartsWith("g:", StringComparison.Ordinal)).Split(':');
            Assert.Equal(("On", "64", to), (guest[3], guest[7], guest[8]));

            // The source agent logs the exact byte count before it reports the result. The dirtier's
            // 4 MiB buffer holds no zero page, so at least that much must have travelled.
            var completed = Regex.Matches(File.ReadAllText(Path.Combine(data, $"{from}.log")),
                $"^ivm-host: migration \\S+ of guest 'g' to '{to}' completed: .*, ([0-9]+) bytes", RegexOptions.Multiline);
            Assert.True(completed.Count > 0, $"{from}'s log has no completed migration of 'g' to {to}");
            long bytes = long.Parse(completed[^1].Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.True(bytes >= 4 << 20, $"the migration sent only {bytes} bytes");
            long sent = InterfaceBytes(Namespace(from), "tx", environment) - sentBefore;
            long received = InterfaceBytes(Namespace(to), "rx", environment) - receivedBefore;
            Assert.True(sent >= bytes && received >= bytes,
                $"{bytes} bytes migrated from {from} to {to}, but {Namespace(from)}'s eth0 sent {sent} and {Namespace(to)}'s eth0 received {received}");

            Eventually(() => Run("dotnet", [.. hpvm, "console", "-P", "g", "-q", "-c", "cl"], environment), r => Highest(r.Stdout) >= before + 20);
        }

        string log = Ok(Run("dotnet", [.. hpvm, "console", "-P", "g", "-q", "-c", "cl"], environment)).Stdout;
        var numbers = Numbers(log);
        Assert.Equal(Enumerable.Range(0, numbers.Count), numbers);
        Assert.DoesNotContain("CHECKSUM ERROR", log, StringComparison.Ordinal);
    }

    private static string Namespace(string host) => "ivm-h" + host["host".Length..];

    /// <summary>eth0's byte counter ("rx" or "tx") inside a namespace.</summary>
    private static long InterfaceBytes(string ns, string direction, Dictionary<string, string> environment)
    {
        var link = Ok(Run("ip", ["-n", ns, "-j", "-s", "link", "show", "eth0"], environment));
        using var json = JsonDocument.Parse(link.Stdout);
        return json.RootElement[0].GetProperty("stats64").GetProperty(direction).GetProperty("bytes").GetInt64();
    }

    private static List<int> Numbers(string console) =>
        Seq().Matches(console).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();

    private static int Highest(string console) => Numbers(console) is { Count: > 0 } n ? n.Max() : -1;

    [GeneratedRegex("^seq ([0-9]+)$", RegexOptions.Multiline)]
    private static partial Regex Seq();

    private static Result Ok(Result result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private static Result Eventually(Func<Result> run, Func<Result, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var result = run();
            if (done(result))
            {
                return result;
            }

            Assert.True(DateTime.UtcNow < deadline, $"not within 30 s; last:\n{result}");
            Thread.Sleep(200);
        }
    }

    private sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n{Stdout}\n{Stderr}";
    }

    private static Result Run(string program, string[] args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
