namespace Ivm.Emulator.Tests.Oracle;

/// <summary>Where the repository, the built guest programs and the hpvm binary are.</summary>
internal static class Paths
{
    public static string Repository { get; } = FindRepository();

    /// <summary>Assembled test programs (tests/Emulator.Tests/Programs), next to the test assembly.</summary>
    public static string TestPrograms => Path.Combine(AppContext.BaseDirectory, "ia64");

    /// <summary>Assembled guest programs (guests/).</summary>
    public static string Guests => Path.Combine(Repository, "guests", "bin", "ia64");

    /// <summary>The hpvm CLI's entry assembly, copied next to the tests by the project reference.</summary>
    public static string HpvmDll => Path.Combine(AppContext.BaseDirectory, "hpvm.dll");

    public static string NewTempDirectory(string purpose)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"ivm-{purpose}-{Environment.ProcessId}-{Guid.NewGuid():N}");
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
