using Xunit;

namespace Ivm.Cli.Tests.Cluster;

/// <summary>
/// hpvm migrate, modify -x, suspend and resume through the real hpvm against <c>hpvm cluster up
/// --hosts 2</c>: the controller's refusals arrive as one line with exit status 1, -x attributes
/// show in hpvm status -P, an offline migration prints its summary and moves the guest, and suspend
/// and resume are relayed to its new host.
/// </summary>
public sealed class MigrateCommandTests
{
    [Fact]
    public void RefusalsAttributesAndAnOfflineMoveThroughHpvm()
    {
        using var cluster = LocalCluster.Start(hosts: 2, memoryPerHost: "1G");
        var hpvm = cluster.Hpvm;
        Ok(hpvm.Run("create", "-P", "g", "-r", "64M", "-h", "host1"));
        Ok(hpvm.Run("start", "-P", "g"));

        Refused(hpvm.Run("migrate", "-P", "g", "-h", "nowhere", "-o"), "hpvm migrate: host 'nowhere' is not registered with the controller; registered: host1, host2");
        Refused(hpvm.Run("migrate", "-P", "g", "-h", "host1", "-o", "-s"), "hpvm migrate: guest 'g' is already on host host1; name another host with -h (host2)");
        Refused(hpvm.Run("migrate", "-P", "g", "-h", "host2"),
            "hpvm migrate: guest 'g' is On: an offline migration (without -o) moves an Off guest; use -o to move it while it runs, or stop it first");

        Ok(hpvm.Run("modify", "-P", "g", "-x", "online_migration=disabled", "-x", "migrate_frozen_phase_timeout=5"));
        string details = Ok(hpvm.Run("status", "-P", "g")).Stdout;
        Assert.Contains("Online Migration: disabled\n", details, StringComparison.Ordinal);
        Assert.Contains("frozen 5 s\n", details, StringComparison.Ordinal);
        Refused(hpvm.Run("migrate", "-P", "g", "-h", "host2", "-o"), "hpvm migrate: online migration of 'g' is disabled (hpvm modify -P g -x online_migration=enabled allows it)");
        Refused(hpvm.Run("modify", "-P", "g", "-x", "bogus=1"),
            "hpvm modify: -x bogus=1: unknown attribute 'bogus'; known: online_migration, migrate_init_phase_timeout, migrate_copy_phase_timeout, migrate_io_quiesce_phase_timeout, migrate_frozen_phase_timeout");
        Refused(hpvm.Run("migrate", "-P", "g", "--cancel"), "hpvm migrate: no migration of 'g' is running (hpvm status -P g shows the last one)");
        Refused(hpvm.Run("resume", "-P", "g"), "hpvm resume: guest 'g' is On, not Suspended: only a suspended guest can be resumed (hpvm start -P g starts an Off one)");

        Ok(hpvm.Run("stop", "-P", "g", "-F"));
        Refused(hpvm.Run("suspend", "-P", "g"), "hpvm suspend: guest 'g' is Off: only an On guest can be suspended");
        Assert.Equal(0, hpvm.Run("migrate", "-P", "g", "-h", "host2", "-s").ExitCode);
        var moved = Ok(hpvm.Run("hpvmmigrate", "-P", "g", "-h", "host2"));
        // Progress lines (one per phase or round when not on a terminal) come first, then the summary.
        Assert.Matches("(^|\n)hpvmmigrate: 'g' migrated offline from host1 to host2\nTotal Time      : ", moved.Stdout);
        Assert.Contains("\nThrottle        : 0 %\n", moved.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("g:1:LINUX:Off:1:0:0:64:host2:", Ok(hpvm.Run("status", "-M")).Stdout, StringComparison.Ordinal);
        Assert.Matches("Last Migration  : from host1 to host2, ended [-0-9: ]+Z: completed\n", Ok(hpvm.Run("status", "-P", "g")).Stdout);
        Assert.Equal("host2", Ok(hpvm.Run("start", "-P", "g")).Stdout.Split('\'')[3]);

        // Suspend and resume, relayed to host2.
        Assert.Equal("hpvm suspend: guest 'g' suspended on host 'host2' (hpvm resume -P g continues it)\n", Ok(hpvm.Run("suspend", "-P", "g")).Stdout);
        Assert.StartsWith("g:1:LINUX:Suspended:1:0:0:64:host2:", Ok(hpvm.Run("status", "-M")).Stdout, StringComparison.Ordinal);
        Assert.Contains("g                        1 LINUX   Suspended      1     0     0   64 MB host2\n", Ok(hpvm.Run("status")).Stdout, StringComparison.Ordinal);
        Refused(hpvm.Run("start", "-P", "g"), "hpvm start: guest 'g' is Suspended on host host2: hpvm resume -P g continues it (hpvm stop -P g discards its saved state)");
        Assert.Equal("hpvmresume: guest 'g' resumed on host 'host2'\n", Ok(hpvm.Run("hpvmresume", "-P", "g")).Stdout);
        Assert.StartsWith("g:1:LINUX:On:1:0:0:64:host2:", Ok(hpvm.Run("status", "-M")).Stdout, StringComparison.Ordinal);
    }

    private static Hpvm.Result Ok(Hpvm.Result result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private static void Refused(Hpvm.Result result, string line)
    {
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(line + "\n", result.Stderr);
    }
}
