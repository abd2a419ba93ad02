using System.Globalization;
using Ivm.Cluster.V1;
using Ivm.Emulator.Elf;

namespace Ivm.Cli.Commands;

/// <summary>
/// Checks each value of hpvmcreate/hpvmmodify's options before anything is sent, with HPVM's rules,
/// and turns it into the API's form. Every refusal is one <see cref="CommandError"/> naming the option,
/// the value and what is allowed.
/// </summary>
public static class GuestValues
{
    public const int MaxVcpus = 32;                 // HPVM's limit per guest
    public const int MaxNameLength = 256;
    public const int MaxLabelLength = 255;

    public static readonly string[] OsTypes = ["HPUX", "LINUX", "WINDOWS", "OPENVMS", "UNKNOWN"];

    /// <summary>A guest name as HPVM allows it: letters, digits, '-', '_' and '.', not starting with '-'.</summary>
    public static string Name(string option, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            throw new CommandError($"{option}: a virtual machine name is required");
        }

        if (text.Length > MaxNameLength || text[0] == '-' || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new CommandError($"{option} {text}: not a valid virtual machine name; use up to {MaxNameLength} letters, digits, '-', '_' and '.', not starting with '-'");
        }

        return text;
    }

    public static int Vcpus(string option, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is >= 1 and <= MaxVcpus
            ? n
            : throw new CommandError($"{option} {text}: the number of virtual CPUs must be a whole number from 1 to {MaxVcpus}");

    public static ulong Memory(string option, string text) => SizeText.Parse(option, text);

    /// <summary>-e percent[:max]: the guaranteed share of one core and an optional cap, whole percents 1–100.</summary>
    public static (int Percent, int? Cap) Entitlement(string option, string text)
    {
        string[] parts = text.Split(':');
        if (parts.Length > 2 || !Percent(parts[0], out int percent) || (parts.Length == 2 && !Percent(parts[1], out _)))
        {
            throw new CommandError($"{option} {text}: the entitlement must be PERCENT or PERCENT:MAX, whole percents of one core from 1 to 100 (e.g. 10 or 20:50)");
        }

        int? cap = parts.Length == 2 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : null;
        if (cap < percent)
        {
            throw new CommandError($"{option} {text}: the maximum {cap}% is below the entitlement {percent}%; the maximum must be from {percent} to 100");
        }

        return (percent, cap);
    }

    /// <summary>
    /// -E cycles[:max] (MHz). HPVM converts cycles to a share of a physical core's clock. The cluster API
    /// reports no processor speed for its hosts — an emulated vCPU has no fixed clock rate — so there is
    /// nothing true to convert with: the syntax is checked, then the option is refused with the reason.
    /// </summary>
    public static void Cycles(string option, string text)
    {
        string[] parts = text.Split(':');
        if (parts.Length > 2 || parts.Any(p => !int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int mhz) || mhz < 1))
        {
            throw new CommandError($"{option} {text}: the entitlement in cycles must be CYCLES or CYCLES:MAX, whole megahertz (e.g. 500 or 500:1500)");
        }

        throw new CommandError($"{option} {text}: cannot convert cycles to an entitlement: the hosts report no processor speed (a guest's vCPU is emulated and has no fixed clock rate); give the entitlement as a percentage of one core with -e PERCENT[:MAX] instead");
    }

    public static StartAttribute StartAttribute(string option, string text) => text.ToLowerInvariant() switch
    {
        "auto" => Ivm.Cluster.V1.StartAttribute.Auto,
        "manual" => Ivm.Cluster.V1.StartAttribute.Manual,
        _ => throw new CommandError($"{option} {text}: the start attribute must be auto or manual"),
    };

    /// <summary>A label as HPVM allows it: up to 255 letters, digits, '-', '_', '.' and spaces.</summary>
    public static string Label(string option, string text) =>
        text.Length <= MaxLabelLength && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ' ')
            ? text
            : throw new CommandError($"{option} '{text}': a label may hold up to {MaxLabelLength} letters, digits, '-', '_', '.' and spaces");

    public static string OsType(string option, string text)
    {
        string upper = text.ToUpperInvariant();
        return OsTypes.Contains(upper)
            ? upper
            : throw new CommandError($"{option} {text}: the OS type must be one of {string.Join(", ", OsTypes)}");
    }

    /// <summary>
    /// The guest image: an IA-64 static ELF executable. A path that exists here is checked and made
    /// absolute (host agents on this machine read it from their own working directories); an absolute
    /// path that does not exist here is passed on, for hosts that have files this machine lacks.
    /// </summary>
    public static string Image(string option, string text)
    {
        if (text.Length == 0)
        {
            throw new CommandError($"{option}: the image path is empty; give the path of an IA-64 static ELF executable");
        }

        string full = Path.GetFullPath(text);
        if (!File.Exists(full))
        {
            if (Path.IsPathRooted(text))
            {
                return text;
            }

            throw new CommandError($"{option} {text}: no such file here; give the path of an IA-64 static ELF executable (an absolute path is passed to the hosts as it is)");
        }

        try
        {
            ElfFile.Load(full);
        }
        catch (ElfFormatException e)
        {
            throw new CommandError($"{option} {text}: not a guest image: {e.Message}; the image must be an IA-64 static ELF executable");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandError($"{option} {text}: cannot read it: {e.Message}");
        }

        return full;
    }

    public static string Host(string option, string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? text
            : throw new CommandError($"{option} {text}: not a host name; use the name a host registered with (letters, digits, '-', '_', '.'; see hpvm cluster status)");

    private static bool Percent(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value is >= 1 and <= 100;
}
