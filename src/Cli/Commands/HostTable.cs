using System.Globalization;
using System.Text;
using Ivm.Cluster.V1;

namespace Ivm.Cli.Commands;

/// <summary>The controller's hosts as a table in HPVM's style (headings over '=' rules).</summary>
public static class HostTable
{
    public static string Format(IEnumerable<Host> hosts)
    {
        string[] titles = ["Host", "State", "Address", "Cores", "Memory Used/Total", "Entitlement", "Guests On/All", "Load"];
        var rows = hosts.OrderBy(h => h.Name, StringComparer.Ordinal).Select(h => new[]
        {
            h.Name,
            h.State == HostState.Up ? "Up" : h.State == HostState.Unreachable ? "Unreachable" : "Unknown",
            h.Address,
            h.Cores.ToString(CultureInfo.InvariantCulture),
            $"{SizeText.Format(h.MemoryCommittedBytes)} / {SizeText.Format(h.MemoryTotalBytes)}",
            $"{h.EntitlementCommittedPercent}% / {h.EntitlementTotalPercent}%",
            $"{h.GuestsOn} / {h.GuestCount}",
            h.Load.ToString("F2", CultureInfo.InvariantCulture),
        }).ToList();
        int[] widths = titles.Select((t, i) => Math.Max(t.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder("[Hosts]\n");
        StatusTable.Line(text, titles.Select((t, i) => t.PadRight(widths[i])));
        StatusTable.Line(text, widths.Select(w => new string('=', w)));
        foreach (string[] row in rows)
        {
            StatusTable.Line(text, row.Select((v, i) => v.PadRight(widths[i])));
        }

        return text.ToString();
    }
}
