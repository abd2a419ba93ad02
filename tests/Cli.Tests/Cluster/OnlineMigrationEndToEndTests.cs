using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace Ivm.Cli.Tests.Cluster;

/// <summary>
/// Live migration end to end through the real hpvm, controller and agents (<c>hpvm cluster up --hosts
/// 3</c>): the dirtier guest (it keeps dirtying memory, checks it, and prints "seq N") is moved with <c>hpvm migrate -o</c> from
/// host1 to host2, back, and on to host3, and an <c>hpvm console</c> attached before the first
/// move — never reattached — shows every number exactly once, in order, and never a checksum
/// error. -s says it could run;
/// hpvm status -P shows the last migration's figures; suspend and resume keep it counting on.
/// </summary>
public sealed partial class OnlineMigrationEndToEndTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void TheConsoleShowsEveryNumberOnceAcrossThreeLiveMigrations()
    {
        using var cluster = LocalCluster.Start(hosts: 3, memoryPerHost: "1G");
        var hpvm = cluster.Hpvm;
        string dirtier = Path.Combine(Ivm.Tests.Shared.TestDirectories.Repository, "guests", "bin", "ia64", "dirtier", "dirtier");
        Ok(hpvm.Run("create", "-P", "g", "-r", "64M", "-h", "host1", "-i", dirtier));
        Ok(hpvm.Run("start", "-P", "g"));
        using var console = AttachedConsole.Start(hpvm, "g");
        console.WaitFor(3);

        var check = Ok(hpvm.Run("migrate", "-P", "g", "-h", "host2", "-o", "-s"));
        Assert.Equal("hpvm migrate: 'g' can be migrated online from host1 to host2: every check passed; nothing was moved (run again without -s to migrate)\n", check.Stdout);
        foreach (var (from, to) in new[] { ("host1", "host2"), ("host2", "host1"), ("host1", "host3") })
        {
            int before = console.Highest;
            var moved = Ok(hpvm.Run("migrate", "-P", "g", "-h", to, "-o"));
            Assert.Contains($"hpvm migrate: 'g' migrated online from {from} to {to}\nTotal Time      : ", moved.Stdout, StringComparison.Ordinal);
            Assert.StartsWith($"g:1:LINUX:On:1:0:0:64:{to}:", Ok(hpvm.Run("status", "-M")).Stdout, StringComparison.Ordinal);
            console.WaitFor(before + 20);
        }

        string details = Ok(hpvm.Run("status", "-P", "g")).Stdout;
        Assert.Matches("Last Migration  : from host1 to host3, ended [-0-9: ]+Z: completed\nTotal Time      : [0-9]+ ms\n", details);

        Ok(hpvm.Run("suspend", "-P", "g"));
        Assert.StartsWith("g:1:LINUX:Suspended:1:0:0:64:host3:", Ok(hpvm.Run("status", "-M")).Stdout, StringComparison.Ordinal);
        int suspendedAt = console.Highest;
        Ok(hpvm.Run("resume", "-P", "g"));
        Assert.StartsWith("g:1:LINUX:On:1:0:0:64:host3:", Ok(hpvm.Run("status", "-M")).Stdout, StringComparison.Ordinal);
        console.WaitFor(suspendedAt + 20);

        var numbers = console.Numbers();
        Assert.Equal(Enumerable.Range(0, numbers.Count), numbers);
        Assert.DoesNotContain("CHECKSUM ERROR", console.Text, StringComparison.Ordinal);
    }

    private static Hpvm.Result Ok(Hpvm.Result result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    /// <summary><c>hpvm console -P NAME</c> left running (standard input not a terminal: it follows the output).</summary>
    private sealed partial class AttachedConsole : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private AttachedConsole(Process process) => _process = process;

        public static AttachedConsole Start(Hpvm hpvm, string name)
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
            foreach (string a in new[] { Hpvm.Dll, "console", "-P", name })
            {
                info.ArgumentList.Add(a);
            }

            info.Environment["IVM_HOME"] = hpvm.Home;
            info.Environment.Remove("IVM_CONTROLLER");
            var console = new AttachedConsole(Process.Start(info)!);
            console._process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is { } line)
                {
                    lock (console._output)
                    {
                        console._output.Append(line).Append('\n');
                    }
                }
            };
            console._process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is { } line)
                {
                    lock (console._output)
                    {
                        console._output.Append("stderr: ").Append(line).Append('\n');
                    }
                }
            };
            console._process.BeginOutputReadLine();
            console._process.BeginErrorReadLine();
            return console;
        }

        public string Text
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public List<int> Numbers() => Count().Matches(Text).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();

        public int Highest => Numbers() is { Count: > 0 } n ? n.Max() : -1;

        public void WaitFor(int number)
        {
            var deadline = DateTime.UtcNow + Patience;
            while (Highest < number)
            {
                Assert.False(_process.HasExited, $"hpvm console ended:\n{Text}");
                Assert.True(DateTime.UtcNow < deadline, $"count {number} did not appear on the console within {Patience.TotalSeconds} s:\n{Text}");
                Thread.Sleep(100);
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }

        [GeneratedRegex("^seq ([0-9]+)$", RegexOptions.Multiline)]
        private static partial Regex Count();
    }
}
