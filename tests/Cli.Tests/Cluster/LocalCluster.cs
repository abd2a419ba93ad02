using Ivm.Tests.Shared;

namespace Ivm.Cli.Tests.Cluster;

/// <summary>
/// A local cluster started through the real hpvm (<c>hpvm cluster up</c>) in its own IVM_HOME and
/// data directory, stopped with <c>hpvm cluster down</c> when the test ends whatever happened.
/// </summary>
internal sealed class LocalCluster : IDisposable
{
    private LocalCluster(Hpvm hpvm, string data, Hpvm.Result up)
    {
        Hpvm = hpvm;
        DataDirectory = data;
        Up = up;
    }

    public Hpvm Hpvm { get; }

    public string DataDirectory { get; }

    public Hpvm.Result Up { get; }

    public static LocalCluster Start(int hosts, string memoryPerHost)
    {
        var hpvm = new Hpvm();
        string data = TestDirectories.NewTemporary("cluster-data");
        var up = hpvm.Run("cluster", "up", "--hosts", hosts.ToString(System.Globalization.CultureInfo.InvariantCulture), "--memory-per-host", memoryPerHost, "--data-dir", data);
        if (up.ExitCode != 0)
        {
            throw new InvalidOperationException($"hpvm cluster up failed: {up}\n{Logs(data)}");
        }

        return new LocalCluster(hpvm, data, up);
    }

    /// <summary>Every process's log, for a failure message.</summary>
    public string Logs() => Logs(DataDirectory);

    public void Dispose()
    {
        if (File.Exists(Path.Combine(Hpvm.Home, "cluster.json")))
        {
            Hpvm.Run("cluster", "down");
        }
    }

    private static string Logs(string data) =>
        string.Join("\n", Directory.EnumerateFiles(data, "*.log").Order().Select(f => $"== {f}\n{File.ReadAllText(f)}"));
}
