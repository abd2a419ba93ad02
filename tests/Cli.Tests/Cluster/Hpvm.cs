using System.Diagnostics;
using Ivm.Tests.Shared;

namespace Ivm.Cli.Tests.Cluster;

/// <summary>
/// Runs the real hpvm (the built hpvm.dll, or an installed command) as a separate process with its
/// own IVM_HOME, no IVM_CONTROLLER from the test's environment, and standard input not a terminal.
/// </summary>
internal sealed class Hpvm
{
    public Hpvm(string? home = null)
    {
        Home = home ?? TestDirectories.NewTemporary("hpvm-home");
    }

    /// <summary>The IVM_HOME every run gets: where cluster.json is.</summary>
    public string Home { get; }

    public string? Controller { get; set; }

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "hpvm.dll");

    public Result Run(params string[] args) => Start("dotnet", [Dll, .. args]);

    /// <summary>Runs an installed command (a script or link) by its path.</summary>
    public Result RunCommand(string path, params string[] args) => Start(path, args);

    public Result Start(string program, string[] args, string? stdin = "", TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["IVM_HOME"] = Home;
        info.Environment.Remove("IVM_CONTROLLER");
        if (Controller is not null)
        {
            info.Environment["IVM_CONTROLLER"] = Controller;
        }

        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
        }

        p.StandardInput.Close();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromSeconds(120)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"hpvm {string.Join(' ', args)} did not finish; output so far: {stdout.Result}{stderr.Result}");
        }

        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    internal sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }
}
