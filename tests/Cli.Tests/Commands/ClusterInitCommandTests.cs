using System.Security.Cryptography.X509Certificates;
using Xunit;

namespace Ivm.Cli.Tests.Commands;

/// <summary>
/// hpvm cluster init: a CA and certificates that chain to it (checked with .NET's X509Chain against
/// that CA alone), names and uses as asked, private keys readable by their owner only, and no second
/// CA over an existing one.
/// </summary>
public sealed class ClusterInitCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"ivm-cluster-init-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void CreatesACaAndCertificatesThatChainToIt()
    {
        var (code, stdout, stderr) = HpvmProcess.Run("cluster", "init", "--dir", _dir, "--hosts", "2", "--address", "10.77.0.11");
        Assert.True(code == 0, stderr);
        Assert.Contains("controller, host1, host2, admin (client)", stdout, StringComparison.Ordinal);

        using var ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(_dir, "ca.crt"));
        foreach (string name in new[] { "controller", "host1", "host2", "admin" })
        {
            using var certificate = X509Certificate2.CreateFromPemFile(Path.Combine(_dir, name + ".crt"), Path.Combine(_dir, name + ".key"));
            Assert.True(certificate.HasPrivateKey);
            Assert.Equal($"CN={name}, OU={(name == "admin" ? "admin" : "server")}, O=Ivm cluster", certificate.Subject);
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            Assert.True(chain.Build(certificate), $"{name}: {string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation))}");
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_dir, name + ".key")));
            }
        }

        using var host = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(_dir, "host1.crt"));
        Assert.True(host.MatchesHostname("host1"));
        Assert.True(host.MatchesHostname("localhost"));
        Assert.False(host.MatchesHostname("host2"));
        string names = host.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().Format(false);
        Assert.Contains("10.77.0.11", names, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", names, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesToReplaceAnExistingCa()
    {
        Assert.Equal(0, HpvmProcess.Run("cluster", "init", "--dir", _dir, "--hosts", "1").ExitCode);
        string before = File.ReadAllText(Path.Combine(_dir, "ca.crt"));
        var (code, _, stderr) = HpvmProcess.Run("cluster", "init", "--dir", _dir, "--hosts", "1");
        Assert.Equal(1, code);
        Assert.StartsWith("hpvm cluster init: ", stderr, StringComparison.Ordinal);
        Assert.Contains("already initialized", stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(Path.Combine(_dir, "ca.crt")));
    }

    [Theory]
    [InlineData("--hosts", "0", "--hosts 0: must be a whole number from 1 to 1000")]
    [InlineData("--host", "bad name", "'bad name': a name must be")]
    [InlineData("--host", "controller", "'controller' is given twice")]
    public void RejectsBadValuesWithOneLineAndCreatesNothing(string option, string value, string message)
    {
        var (code, _, stderr) = HpvmProcess.Run("cluster", "init", "--dir", _dir, option, value);
        Assert.Equal(1, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.False(Directory.Exists(_dir));
    }
}
