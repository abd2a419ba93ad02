using System.Globalization;
using System.Text;
using Ivm.Cluster.V1;

namespace Ivm.Cli.Commands;

/// <summary>
/// <c>hpvmstatus -M</c>: one line per guest, fields separated by ':' and the name first, so scripts
/// written for HPVM (<c>hpvmstatus -M | cut -d: -f1</c>) keep working. The fields, in order:
/// name, VM #, OS type, state, #VCPUs, #Devs, #Nets, memory (MB) — the summary table's columns —
/// then host, entitlement %, maximum %, start attribute, label. Names, hosts and labels cannot hold
/// ':' (hpvm refuses them), so no field needs quoting.
/// </summary>
public static class StatusMachineReadable
{
    public static string Format(IEnumerable<Guest> guests)
    {
        var text = new StringBuilder();
        foreach (var g in guests.OrderBy(g => g.VmNumber))
        {
            var c = g.Config;
            text.Append(string.Join(':',
                c.Name,
                g.VmNumber.ToString(CultureInfo.InvariantCulture),
                GuestText.OsType(c),
                GuestText.StateName(g.State),
                c.Vcpus.ToString(CultureInfo.InvariantCulture),
                GuestText.Devices.ToString(CultureInfo.InvariantCulture),
                GuestText.Networks.ToString(CultureInfo.InvariantCulture),
                SizeText.Megabytes(c.MemoryBytes).ToString(CultureInfo.InvariantCulture),
                g.Host,
                c.EntitlementPercent.ToString(CultureInfo.InvariantCulture),
                GuestText.Maximum(c).ToString(CultureInfo.InvariantCulture),
                GuestText.StartAttribute(c.StartAttribute),
                c.Label.Replace(':', ' '))).Append('\n');
        }

        return text.ToString();
    }
}
