using Ivm.Cli.Commands;
using Ivm.Cluster.V1;
using Ivm.Migration.V1;
using Xunit;

namespace Ivm.Cli.Tests.Cluster;

/// <summary>
/// How migrations read: the progress line with HPVM's phase names, the closing summary with QEMU's
/// figures, hpvm status -P's [Migration Details] while one runs and after one failed, and the
/// Suspended and Migrating states in the table.
/// </summary>
public sealed class MigrationFormatTests
{
    private const long Jan15th2027At0800 = 1_800_000_000_000;

    [Fact]
    public void ProgressNamesThePhaseAndEveryFigure()
    {
        var progress = new MigrationProgress
        {
            Phase = MigrationPhase.IoQuiesce, Round = 3, TransferredBytes = 120_500_000, RemainingBytes = 4_200_000, DirtyRateMbPerS = 10.14,
            BandwidthMbPerS = 900, ExpectedDowntimeMs = 12, ThrottlePercent = 20,
        };
        Assert.Equal("I/O Quiesce round 3: transferred 120.5 MB, remaining 4.2 MB, dirty 10.1 MB/s, bandwidth 900.0 MB/s, expected downtime 12 ms, throttle 20 %",
            MigrationText.Progress(progress));
        Assert.Equal(["Init", "Copy", "I/O Quiesce", "Frozen"], new[] { MigrationPhase.Init, MigrationPhase.Copy, MigrationPhase.IoQuiesce, MigrationPhase.Frozen }.Select(MigrationText.Phase));
    }

    [Fact]
    public void TheSummaryHasQemusFigures()
    {
        var statistics = new MigrationStatistics
        {
            TotalMs = 1234, SetupMs = 45, DowntimeMs = 8, Rounds = 4, PagesSent = 16384, ZeroPages = 1024, BytesSent = 67_300_000, ThroughputMbPerS = 512.44, ThrottlePercent = 0,
        };
        Assert.Equal(
            "hpvm migrate: 'g' migrated online from host1 to host2\n" +
            "Total Time      : 1234 ms\n" +
            "Setup Time      : 45 ms\n" +
            "Downtime        : 8 ms\n" +
            "Rounds          : 4\n" +
            "Pages Sent      : 16384\n" +
            "Zero Pages      : 1024\n" +
            "Bytes Sent      : 67.3 MB\n" +
            "Throughput      : 512.4 MB/s\n" +
            "Throttle        : 0 %\n",
            MigrationProgressView.Summary("hpvm migrate: 'g' migrated online from host1 to host2", statistics));
    }

    [Fact]
    public void StatusShowsTheRunningMigrationAndTheLastOnesError()
    {
        var guest = new Guest
        {
            Config = new GuestConfig
            {
                Name = "g", Vcpus = 1, MemoryBytes = 64 << 20, EntitlementPercent = 10,
                Migration = new MigrationSettings { OnlineMigrationDisabled = false, Timeouts = new PhaseTimeouts { InitMs = 120_000, FrozenMs = 5_000 } },
            },
            VmNumber = 1, State = GuestState.Migrating, Host = "host1",
            Migration = new MigrationStatus
            {
                InProgress = true, SourceHost = "host1", TargetHost = "host2", StartedUnixMs = Jan15th2027At0800,
                Progress = new MigrationProgress { Phase = MigrationPhase.Copy, Round = 2, TransferredBytes = 64_000_000, RemainingBytes = 1_000_000 },
                LastResult = new MigrationResult { Error = "target agent closed the connection during Copy round 3" },
                LastSourceHost = "host1", LastTargetHost = "host3", LastFinishedUnixMs = Jan15th2027At0800 - 60_000,
            },
        };
        string details = StatusDetails.Format(guest);
        Assert.Contains(
            "[Migration Details]\n" +
            "Online Migration: enabled\n" +
            "Phase Timeouts  : init 120 s, copy unlimited (default), I/O quiesce 15 s (default), frozen 5 s\n" +
            "Migrating       : from host1 to host2, started 2027-01-15 08:00:00Z\n" +
            "Progress        : Copy round 2: transferred 64.0 MB, remaining 1.0 MB, dirty 0.0 MB/s, bandwidth 0.0 MB/s, expected downtime 0 ms, throttle 0 %\n" +
            "Last Migration  : from host1 to host3, ended 2027-01-15 07:59:00Z: failed: target agent closed the connection during Copy round 3\n" +
            "\n", details, StringComparison.Ordinal);
        Assert.Contains("g                        1 LINUX   Migrating\n", details, StringComparison.Ordinal);

        string table = StatusTable.Format([guest, new Guest { Config = new GuestConfig { Name = "s", Vcpus = 1, MemoryBytes = 64 << 20 }, VmNumber = 2, State = GuestState.Suspended, Host = "host2" }]);
        Assert.Contains("g                        1 LINUX   Migrating      1     0     0   64 MB host1\n", table, StringComparison.Ordinal);
        Assert.Contains("s                        2 LINUX   Suspended      1     0     0   64 MB host2\n", table, StringComparison.Ordinal);
        Assert.Equal("g:1:LINUX:Migrating:", StatusMachineReadable.Format([guest])[..20]);
    }
}
