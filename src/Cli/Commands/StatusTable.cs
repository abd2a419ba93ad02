using System.Globalization;
using System.Text;
using Ivm.Cluster.V1;

namespace Ivm.Cli.Commands;

/// <summary>
/// hpvmstatus's summary table, column for column as HPVM prints it (names left-aligned in 20,
/// numbers right-aligned), with the host in the place of HPVM's Runsysid: the cluster member the
/// guest runs or last ran on. A column widens only when a value is longer than HPVM's width.
/// </summary>
public static class StatusTable
{
    public static string Format(IEnumerable<Guest> guests)
    {
        var rows = guests.OrderBy(g => g.VmNumber).Select(g => new[]
        {
            g.Config.Name,
            g.VmNumber.ToString(CultureInfo.InvariantCulture),
            GuestText.OsType(g.Config),
            GuestText.TableState(g.State),
            g.Config.Vcpus.ToString(CultureInfo.InvariantCulture),
            GuestText.Devices.ToString(CultureInfo.InvariantCulture),
            GuestText.Networks.ToString(CultureInfo.InvariantCulture),
            SizeText.Format(g.Config.MemoryBytes),
            g.Host,
        }).ToList();

        Column[] columns =
        [
            new("Virtual Machine Name", 20, Right: false),
            new("VM #", 5, Right: true),
            new("OS Type", 7, Right: false),
            new("State", 9, Right: false),
            new("#VCPUs", 6, Right: true),
            new("#Devs", 5, Right: true),
            new("#Nets", 5, Right: true),
            new("Memory", 7, Right: true),
            new("Host", 8, Right: false),
        ];

        int[] widths = columns.Select((c, i) => Math.Max(c.Width, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder("[Virtual Machines]\n");
        Line(text, columns.Select((c, i) => c.Title.PadRight(widths[i])));
        Line(text, widths.Select(w => new string('=', w)));
        foreach (string[] row in rows)
        {
            Line(text, row.Select((value, i) => columns[i].Right ? value.PadLeft(widths[i]) : value.PadRight(widths[i])));
        }

        return text.ToString();
    }

    internal static void Line(StringBuilder text, IEnumerable<string> cells) => text.Append(string.Join(' ', cells).TrimEnd()).Append('\n');

    private sealed record Column(string Title, int Width, bool Right);
}
