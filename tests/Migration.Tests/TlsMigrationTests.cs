using Ivm.Host.Tests;
using Ivm.Security;

namespace Ivm.Migration.Tests;

/// <summary>Agents with --tls-dir: the source dials the target with its host certificate (mutual
/// TLS under the cluster CA), and the frames inside are sealed as on plain HTTP/2.</summary>
public sealed class TlsMigrationTests
{
    [Fact]
    public async Task A_guest_migrates_between_agents_that_require_mutual_TLS()
    {
        string root = Paths.NewDataDirectory("mig-tls");
        string tls = Path.Combine(root, "tls");
        ClusterAuthority.Initialize(tls, ["controller", "tls-a", "tls-b"], ["admin"], [], TimeSpan.FromDays(1));
        using var admin = TlsIdentity.Load(tls, "admin");
        var a = await AgentProcess.StartAsync(Path.Combine(root, "a"), "tls-a", admin.CreateClientHandler(), "--tls-dir", tls, "--memory", "1G");
        var b = await AgentProcess.StartAsync(Path.Combine(root, "b"), "tls-b", admin.CreateClientHandler(), "--tls-dir", tls, "--memory", "1G");
        try
        {
            Assert.StartsWith("https://", b.Address, StringComparison.Ordinal);
            await using var console = await Agents.StartDirtierAsync(a, "guarded");
            using var handler = admin.CreateClientHandler();
            var outcome = await Agents.MigrateAsync(a, b, "guarded", handler: handler);
            Assert.True(outcome.Result.Success, outcome.Result.Error);
            await console.SwitchToAsync(b.Client);
            await Agents.AssertRunsOnlyOnAsync(b, "guarded", console, a);
        }
        finally
        {
            await a.DisposeAsync();
            await b.DisposeAsync();
        }
    }
}
