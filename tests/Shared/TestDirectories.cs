namespace Ivm.Tests.Shared;

/// <summary>
/// Directories every test project needs: the repository checkout the tests run from, and fresh
/// scratch directories. Linked into each test project (Compile Include in its .csproj).
/// </summary>
internal static class TestDirectories
{
    /// <summary>The checkout holding Cluster.sln, found upwards from the test assembly.</summary>
    public static string Repository { get; } = FindRepository();

    /// <summary>A new empty directory under the system's temporary directory.</summary>
    public static string NewTemporary(string purpose)
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
