using System.Globalization;
using System.Text;
using Ivm.Cluster.V1;

namespace Ivm.Cli.Commands;

/// <summary>
/// <c>hpvmstatus -P NAME</c>: HPVM's detailed sections — [Virtual Machine Details], [Virtual CPU
/// Details] with entitlement and maximum, [Memory Details] — laid out as HPVM prints them, then the
/// sections an Ivm guest adds: where it runs, how it last ended, its image, its migration settings
/// and migrations (the running one's progress, the last one's figures or error), and its state history.
/// </summary>
public static class StatusDetails
{
    public static string Format(Guest guest)
    {
        var config = guest.Config;
        var text = new StringBuilder();
        text.Append("[Virtual Machine Details]\n");
        text.Append("Virtual Machine Name VM #  OS Type State\n");
        text.Append("==================== ===== ======= ========\n");
        StatusTable.Line(text, [
            config.Name.PadRight(20),
            guest.VmNumber.ToString(CultureInfo.InvariantCulture).PadLeft(5),
            GuestText.OsType(config).PadRight(7),
            GuestText.TableState(guest.State)]);
        text.Append('\n');

        // HPVM prints this row as "%2d%12s%8s" beneath its headings.
        text.Append("[Virtual CPU Details]\n");
        text.Append("#vCPUs Entitlement Maximum\n");
        text.Append("====== =========== =======\n");
        text.Append(string.Create(CultureInfo.InvariantCulture,
            $"{config.Vcpus,2}{GuestText.Percent(config.EntitlementPercent),12}{GuestText.Percent(GuestText.Maximum(config)),8}\n"));
        text.Append('\n');

        // HPVM's second column is memory it reserves for the VM's monitor; an Ivm guest has no
        // monitor, and shows what its program has touched instead.
        text.Append("[Memory Details]\n");
        text.Append("Total    Used\n");
        text.Append("Memory   Memory\n");
        text.Append("=======  ========\n");
        text.Append($"{SizeText.Format(config.MemoryBytes),5}{SizeText.Format(guest.MemoryUsedBytes),10}\n");
        text.Append('\n');

        text.Append("[Placement Details]\n");
        Field(text, "Host", guest.Host.Length > 0 ? guest.Host : "(not placed yet)");
        Field(text, "Pinned Host", config.PinnedHost.Length > 0 ? config.PinnedHost : "(none: placed by the controller)");
        Field(text, "Start Attribute", GuestText.StartAttribute(config.StartAttribute));
        text.Append('\n');

        text.Append("[Guest Details]\n");
        Field(text, "Label", config.Label);
        Field(text, "Image", config.ImagePath.Length > 0 ? config.ImagePath : "(the hosts' default guest)");
        if (config.Arguments.Count > 0)
        {
            Field(text, "Arguments", string.Join(' ', config.Arguments));
        }

        Field(text, "Reason", guest.Reason);
        if (guest.HasExitStatus)
        {
            Field(text, "Exit Status", guest.ExitStatus.ToString(CultureInfo.InvariantCulture));
        }

        Field(text, "Instructions", guest.Instructions.ToString(CultureInfo.InvariantCulture));
        Field(text, "CPU Time", string.Create(CultureInfo.InvariantCulture, $"{guest.CpuTimeMs / 1000.0:F3} s"));
        text.Append('\n');

        text.Append("[Migration Details]\n");
        foreach (var (name, value) in MigrationText.Details(guest))
        {
            Field(text, name, value);
        }

        text.Append('\n');

        text.Append("[State History]\n");
        var history = guest.History.Select(h => new[] { GuestText.Time(h.UnixTimeMs), GuestText.TableState(h.State), h.Host, h.Reason }).ToList();
        string[] titles = ["Time (UTC)", "State", "Host", "Reason"];
        int[] widths = titles.Select((t, i) => Math.Max(i == 0 ? 20 : t.Length, history.Count == 0 ? 0 : history.Max(r => r[i].Length))).ToArray();
        StatusTable.Line(text, titles.Select((t, i) => t.PadRight(widths[i])));
        StatusTable.Line(text, widths.Select(w => new string('=', w)));
        foreach (string[] row in history)
        {
            StatusTable.Line(text, row.Select((v, i) => v.PadRight(widths[i])));
        }

        return text.ToString();
    }

    private static void Field(StringBuilder text, string name, string value) => StatusTable.Line(text, [$"{name,-16}:", value]);
}
