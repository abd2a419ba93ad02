namespace Ivm.Host.Tests;

/// <summary>Where the built agent, the guest images and scratch directories are.</summary>
internal static class Paths
{
    public static string Repository { get; } = FindRepository();

    private static string Configuration => new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    /// <summary>The agent's entry assembly, built by the project reference into src/Host's output.</summary>
    public static string HostDll => Path.Combine(Repository, "src", "Host", "bin", Configuration, "net10.0", "Ivm.Host.dll");

    public static string Counter => Path.Combine(Repository, "guests", "bin", "ia64", "counter", "counter");

    public static string Echo => Path.Combine(Repository, "guests", "bin", "ia64", "echo", "echo");

    /// <summary>Assembled test programs (tests/Host.Tests/Programs), next to the test assembly.</summary>
    public static string MemoryHog => Path.Combine(AppContext.BaseDirectory, "ia64", "memhog");

    public static string Spin => Path.Combine(AppContext.BaseDirectory, "ia64", "spin");

    public static string NewDataDirectory(string purpose)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"ivm-host-{purpose}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cluster.sln not found above " + AppContext.BaseDirectory);
    }
}
