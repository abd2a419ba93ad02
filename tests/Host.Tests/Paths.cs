using Ivm.Tests.Shared;

namespace Ivm.Host.Tests;

/// <summary>Where the built agent, the guest images and scratch directories are.</summary>
internal static class Paths
{
    public static string Repository => TestDirectories.Repository;

    private static string Configuration => new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    /// <summary>The agent's entry assembly, built by the project reference into src/Host's output.</summary>
    public static string HostDll => Path.Combine(Repository, "src", "Host", "bin", Configuration, "net10.0", "Ivm.Host.dll");

    public static string Counter => Path.Combine(Repository, "guests", "bin", "ia64", "counter", "counter");

    public static string Echo => Path.Combine(Repository, "guests", "bin", "ia64", "echo", "echo");

    /// <summary>Assembled test programs (tests/Host.Tests/Programs), next to the test assembly.</summary>
    public static string MemoryHog => Path.Combine(AppContext.BaseDirectory, "ia64", "memhog");

    public static string Spin => Path.Combine(AppContext.BaseDirectory, "ia64", "spin");

    public static string MemorySum => Path.Combine(AppContext.BaseDirectory, "ia64", "memsum");

    public static string NewDataDirectory(string purpose) => TestDirectories.NewTemporary($"host-{purpose}");
}
