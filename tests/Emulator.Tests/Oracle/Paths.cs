using Ivm.Tests.Shared;

namespace Ivm.Emulator.Tests.Oracle;

/// <summary>Where the repository, the built guest programs and the hpvm binary are.</summary>
internal static class Paths
{
    public static string Repository => TestDirectories.Repository;

    /// <summary>Assembled test programs (tests/Emulator.Tests/Programs), next to the test assembly.</summary>
    public static string TestPrograms => Path.Combine(AppContext.BaseDirectory, "ia64");

    /// <summary>Assembled guest programs (guests/).</summary>
    public static string Guests => Path.Combine(Repository, "guests", "bin", "ia64");

    /// <summary>The hpvm CLI's entry assembly, copied next to the tests by the project reference.</summary>
    public static string HpvmDll => Path.Combine(AppContext.BaseDirectory, "hpvm.dll");

    public static string NewTempDirectory(string purpose) => TestDirectories.NewTemporary(purpose);
}
