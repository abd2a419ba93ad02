using System.Globalization;
using Ivm.Cluster.V1;
using Ivm.Migration.V1;

namespace Ivm.Cli.Commands;

/// <summary>
/// How a migration reads in hpvm's output — the progress line, the closing figures (QEMU's) and
/// the per-guest settings — shared by hpvm migrate and hpvm status -P. MB are 10^6 bytes, as the
/// --bandwidth option counts them.
/// </summary>
public static class MigrationText
{
    /// <summary>HPVM's phase names.</summary>
    public static string Phase(MigrationPhase phase) => phase switch
    {
        MigrationPhase.Init => "Init",
        MigrationPhase.Copy => "Copy",
        MigrationPhase.IoQuiesce => "I/O Quiesce",
        MigrationPhase.Frozen => "Frozen",
        MigrationPhase.Completed => "Completed",
        MigrationPhase.Abandoned => "Abandoned",
        _ => "Starting",
    };

    /// <summary>"Copy round 3: transferred 120.5 MB, remaining 4.2 MB, dirty 10.1 MB/s, …".</summary>
    public static string Progress(MigrationProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"{Phase(p.Phase)} round {p.Round}: transferred {Megabytes(p.TransferredBytes)}, remaining {Megabytes(p.RemainingBytes)}, "
        + $"dirty {p.DirtyRateMbPerS:F1} MB/s, bandwidth {p.BandwidthMbPerS:F1} MB/s, expected downtime {p.ExpectedDowntimeMs} ms, throttle {p.ThrottlePercent} %");

    /// <summary>The figures of a finished migration, as (name, value) rows.</summary>
    public static IEnumerable<(string Name, string Value)> Figures(MigrationStatistics? s)
    {
        s ??= new MigrationStatistics();
        var c = CultureInfo.InvariantCulture;
        yield return ("Total Time", $"{s.TotalMs.ToString(c)} ms");
        yield return ("Setup Time", $"{s.SetupMs.ToString(c)} ms");
        yield return ("Downtime", $"{s.DowntimeMs.ToString(c)} ms");
        yield return ("Rounds", s.Rounds.ToString(c));
        yield return ("Pages Sent", s.PagesSent.ToString(c));
        yield return ("Zero Pages", s.ZeroPages.ToString(c));
        yield return ("Bytes Sent", Megabytes(s.BytesSent));
        yield return ("Throughput", string.Create(c, $"{s.ThroughputMbPerS:F1} MB/s"));
        yield return ("Throttle", $"{s.ThrottlePercent.ToString(c)} %");
    }

    /// <summary>"init 90 s, copy unlimited, I/O quiesce 15 s, frozen 60 s": 0 is HPVM's default.</summary>
    public static string Timeouts(PhaseTimeouts? t)
    {
        t ??= new PhaseTimeouts();
        return $"init {Seconds(t.InitMs, "90 s")}, copy {Seconds(t.CopyMs, "unlimited")}, I/O quiesce {Seconds(t.IoQuiesceMs, "15 s")}, frozen {Seconds(t.FrozenMs, "60 s")}";
    }

    public static string Online(MigrationSettings? settings) => settings is { OnlineMigrationDisabled: true } ? "disabled" : "enabled";

    /// <summary>The migration rows of hpvm status -P: settings, the running one, the last one.</summary>
    public static IEnumerable<(string Name, string Value)> Details(Guest guest)
    {
        yield return ("Online Migration", Online(guest.Config.Migration));
        yield return ("Phase Timeouts", Timeouts(guest.Config.Migration?.Timeouts));
        var m = guest.Migration;
        if (m is { InProgress: true })
        {
            yield return ("Migrating", $"from {m.SourceHost} to {m.TargetHost}, started {GuestText.Time(m.StartedUnixMs)}");
            yield return ("Progress", m.Progress is { } p ? Progress(p) : "starting");
        }

        if (m?.LastResult is { } last)
        {
            yield return ("Last Migration", $"from {Or(m.LastSourceHost)} to {m.LastTargetHost}, ended {GuestText.Time(m.LastFinishedUnixMs)}: "
                + (last.Success ? "completed" : $"failed: {last.Error}"));
            if (last.Success)
            {
                foreach (var figure in Figures(last.Statistics))
                {
                    yield return figure;
                }
            }
        }
        else if (m is not { InProgress: true })
        {
            yield return ("Last Migration", "none");
        }
    }

    public static string Megabytes(ulong bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:F1} MB");

    private static string Seconds(uint ms, string byDefault) =>
        ms == 0 ? $"{byDefault} (default)" : string.Create(CultureInfo.InvariantCulture, $"{ms / 1000} s");

    private static string Or(string host) => host.Length > 0 ? host : "(not placed)";
}
