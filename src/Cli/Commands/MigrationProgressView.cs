using System.Globalization;
using System.Text;
using Ivm.Migration.V1;

namespace Ivm.Cli.Commands;

/// <summary>
/// hpvm migrate's progress while it runs: on a terminal one line redrawn in place, with a bar of
/// what is sent against what remains; otherwise (a pipe, a log, CI) plain lines, one per phase or
/// round and at most one a second in between, so a log stays readable.
/// </summary>
public sealed class MigrationProgressView
{
    private const int BarWidth = 20;
    private static readonly TimeSpan PlainEvery = TimeSpan.FromSeconds(1);

    private readonly bool _redraw;
    private bool _drawn;
    private (MigrationPhase, uint) _lastStep = (MigrationPhase.Unspecified, uint.MaxValue);
    private DateTime _lastLine = DateTime.MinValue;

    public MigrationProgressView(bool redraw) => _redraw = redraw;

    /// <summary>A terminal that is not a CI log: standard output not redirected, TERM not dumb, no CI variable.</summary>
    public static bool Interactive() =>
        !Console.IsOutputRedirected
        && Environment.GetEnvironmentVariable("TERM") is not ("dumb" or "" or null)
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    public async Task ShowAsync(MigrationProgress progress)
    {
        string line = MigrationText.Progress(progress);
        if (_redraw)
        {
            // Carriage return, the line, then erase what a longer previous line left.
            _drawn = true;
            await Output.WriteAsync($"\r{Bar(progress)} {Fit(line)}\u001b[K").ConfigureAwait(false);
            return;
        }

        var step = (progress.Phase, progress.Round);
        var now = DateTime.UtcNow;
        if (step != _lastStep || now - _lastLine >= PlainEvery)
        {
            _lastStep = step;
            _lastLine = now;
            await Output.WriteAsync(line + "\n").ConfigureAwait(false);
        }
    }

    /// <summary>Ends the redrawn line so that what follows starts on a line of its own.</summary>
    public async Task EndAsync()
    {
        if (_drawn)
        {
            _drawn = false;
            await Output.WriteAsync("\n").ConfigureAwait(false);
        }
    }

    // "[#######-------------]": sent against sent plus still to send.
    private static string Bar(MigrationProgress p)
    {
        double total = p.TransferredBytes + (double)p.RemainingBytes;
        int filled = total <= 0 ? 0 : (int)Math.Round(BarWidth * p.TransferredBytes / total);
        var bar = new StringBuilder("[", BarWidth + 2);
        bar.Append('#', filled).Append('-', BarWidth - filled).Append(']');
        return bar.ToString();
    }

    // A redrawn line must not wrap, or the carriage return no longer reaches its start.
    private static string Fit(string line)
    {
        int width;
        try
        {
            width = Console.WindowWidth - BarWidth - 4;
        }
        catch (IOException)
        {
            return line;
        }

        return width > 10 && line.Length > width ? line[..(width - 1)] + "…" : line;
    }

    /// <summary>The closing summary: what moved where, then QEMU's figures, one per line.</summary>
    public static string Summary(string heading, MigrationStatistics? statistics)
    {
        var text = new StringBuilder(heading).Append('\n');
        foreach (var (name, value) in MigrationText.Figures(statistics))
        {
            text.Append(CultureInfo.InvariantCulture, $"{name,-16}: {value}\n");
        }

        return text.ToString();
    }
}
