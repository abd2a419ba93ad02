using System.Diagnostics;
using Ivm.Tests.Shared;
using Xunit;

namespace Ivm.Controller.Tests;

/// <summary>
/// deploy/netns-cluster.sh's topology: the controller and two host agents each in their own network
/// namespace with their own address on a bridge, as separate machines would be; hpvm in the root
/// namespace drives them across it. Needs root (ip netns), which the test suite runs as.
/// </summary>
public sealed class NamespaceTopologyTests
{
    [Fact]
    public void TheCliWorksAcrossNamespacesWithAnAddressPerHost()
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
        }
        finally
        {
            Run("bash", [script, "down"], environment);
            Directory.Delete(state, recursive: true);
        }
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
