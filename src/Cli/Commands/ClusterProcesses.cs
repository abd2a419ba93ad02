using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Ivm.Cli.Commands;

/// <summary>
/// Starting, watching and stopping the controller and host agents of a local cluster. They run as
/// detached processes — their own session, output to a log file, stdin from /dev/null — so they
/// outlive the hpvm that started them and a closed terminal.
/// </summary>
public static partial class ClusterProcesses
{
    private const int SigTerm = 15;
    private const int SigKill = 9;

    /// <summary>
    /// The built assembly of a component: next to hpvm when installed together, else in the checkout
    /// hpvm was built in (src/PROJECT/bin/CONFIGURATION/net10.0), where the build puts it.
    /// </summary>
    public static string FindAssembly(string assembly, string project)
    {
        string beside = Path.Combine(AppContext.BaseDirectory, assembly);
        if (File.Exists(beside))
        {
            return beside;
        }

        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string configuration = here.Parent?.Name ?? "Release";
        for (var dir = here; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln")))
            {
                foreach (string candidate in new[] { configuration, "Release" }.Distinct())
                {
                    string path = Path.Combine(dir.FullName, "src", project, "bin", candidate, "net10.0", assembly);
                    if (File.Exists(path))
                    {
                        return path;
                    }
                }

                throw new CommandError($"{assembly} is not built: run 'dotnet build {Path.Combine(dir.FullName, "src", project)} -c Release' (or the main job, scripts/main.sh)");
            }
        }

        throw new CommandError($"{assembly} not found next to hpvm ({AppContext.BaseDirectory}) nor in a checkout above it; install it beside hpvm or build the checkout");
    }

    /// <summary>Starts `dotnet ASSEMBLY ARGS…` detached, appending its output to LOG; returns its pid.</summary>
    public static int StartDetached(string assembly, IEnumerable<string> arguments, string log)
    {
        // sh puts the output in the log and execs setsid, which (sh not being a process-group leader)
        // execs dotnet in a new session without forking: the pid Process reports is the agent's.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("log=$1; shift; exec setsid \"$@\" >>\"$log\" 2>&1 </dev/null");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(log);
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(assembly);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new CommandError("cannot start /bin/sh to launch a cluster process");
        return process.Id;
    }

    /// <summary>
    /// Waits for the "listening on URL" line a controller or agent prints once its API is up (after
    /// the log's first <paramref name="from"/> bytes, so an older run's lines are not taken).
    /// </summary>
    public static async Task<string> WaitListeningAsync(string what, int pid, string assembly, string log, long from, TimeSpan timeout, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            string text = ReadFrom(log, from);
            var match = ListeningLine().Match(text);
            if (match.Success)
            {
                return match.Groups[1].Value;
            }

            if (!IsAlive(pid, assembly))
            {
                // Read again: its last words may have been written after the read above.
                throw new CommandError($"{what} exited before it was listening; its log {log} ends: {LastLines(ReadFrom(log, from))}");
            }

            if (clock.Elapsed > timeout)
            {
                throw new CommandError($"{what} (pid {pid}) printed no 'listening on' line within {timeout.TotalSeconds:F0} s; see {log}");
            }

            await Task.Delay(100, cancel).ConfigureAwait(false);
        }
    }

    /// <summary>Whether the pid is a live (not zombie) process running that assembly — not a reused pid.</summary>
    public static bool IsAlive(int pid, string assembly)
    {
        try
        {
            string cmdline = File.ReadAllText($"/proc/{pid}/cmdline");
            // Empty while the process is between exec's (sh, then setsid, then dotnet): still alive.
            if (cmdline.Length > 0 && !cmdline.Split('\0').Any(a => a.EndsWith(Path.GetFileName(assembly), StringComparison.Ordinal)))
            {
                return false;
            }

            // A zombie (state Z) has exited and only awaits its parent.
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            int close = stat.LastIndexOf(')');
            return close < 0 || close + 2 >= stat.Length || stat[close + 2] != 'Z';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Stops a process cleanly: SIGTERM (ASP.NET Core and Orleans shut down in order), then SIGKILL if
    /// it is still there after <paramref name="grace"/>. Returns how it ended.
    /// </summary>
    public static async Task<string> StopAsync(int pid, string assembly, TimeSpan grace)
    {
        if (!IsAlive(pid, assembly))
        {
            return "was not running";
        }

        _ = Kill(pid, SigTerm);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < grace)
        {
            if (!IsAlive(pid, assembly))
            {
                return $"stopped (SIGTERM, {clock.Elapsed.TotalSeconds:F1} s)";
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        _ = Kill(pid, SigKill);
        for (int i = 0; i < 50 && IsAlive(pid, assembly); i++)
        {
            await Task.Delay(100).ConfigureAwait(false);
        }

        return $"killed (SIGKILL after {grace.TotalSeconds:F0} s without exiting on SIGTERM)";
    }

    public static long LogLength(string log) => File.Exists(log) ? new FileInfo(log).Length : 0;

    private static string ReadFrom(string log, long from)
    {
        try
        {
            using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Seek(Math.Min(from, stream.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (FileNotFoundException)
        {
            return "";
        }
    }

    private static string LastLines(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(nothing)" : string.Join(" | ", lines.TakeLast(3));
    }

    [GeneratedRegex(@": listening on (\S+)")]
    private static partial Regex ListeningLine();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
