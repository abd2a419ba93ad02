using System.CommandLine;

namespace Ivm.Cli.Commands;

/// <summary>
/// The options hpvmcreate and hpvmmodify share, with HPVM's letters. Values are taken as text and
/// checked by <see cref="GuestValues"/>, so a bad one gets hpvm's own one-line error.
/// </summary>
public sealed class GuestOptions
{
    public Option<string?> Name { get; } = new("-P") { Description = "The virtual machine's name (letters, digits, '-', '_', '.').", HelpName = "name" };

    public Option<string?> Vcpus { get; } = new("-c") { Description = $"Number of virtual CPUs, 1 to {GuestValues.MaxVcpus} (HPVM's default 1).", HelpName = "vcpus" };

    public Option<string?> Memory { get; } = new("-r") { Description = "Memory size: a number with K, M, G or T (e.g. 2G, 512M); a bare number is megabytes (HPVM's default 2G).", HelpName = "size" };

    public Option<string?> Entitlement { get; } = new("-e") { Description = "CPU entitlement as a percentage of one core, optionally with a maximum: PERCENT[:MAX], 1 to 100 (HPVM's default 10, no maximum).", HelpName = "percent[:max]" };

    public Option<string?> Cycles { get; } = new("-E") { Description = "CPU entitlement in megahertz, CYCLES[:MAX]. Refused: the hosts report no processor speed to convert it with (their vCPUs are emulated); use -e.", HelpName = "cycles[:max]" };

    public Option<string?> StartAttribute { get; } = new("-B") { Description = "Start attribute: auto (started when its host agent starts; HPVM's default) or manual.", HelpName = "auto|manual" };

    public Option<string?> Label { get; } = new("-l") { Description = "A descriptive label, up to 255 letters, digits, '-', '_', '.' and spaces (quote it).", HelpName = "label" };

    public Option<string?> OsType { get; } = new("-O") { Description = $"Guest OS type: {string.Join(", ", GuestValues.OsTypes)} (default LINUX).", HelpName = "os_type" };

    public Option<string?> Image { get; } = new("-i") { Description = "The guest image, an IA-64 static ELF executable (default: the bundled demo guest, guests/bin/ia64/counter/counter).", HelpName = "image" };

    public void AddTo(Command command)
    {
        command.Add(Name);
        command.Add(Vcpus);
        command.Add(Memory);
        command.Add(Entitlement);
        command.Add(Cycles);
        command.Add(StartAttribute);
        command.Add(Label);
        command.Add(OsType);
        command.Add(Image);
    }

    /// <summary>-e and -E are two ways of saying one thing; -E is checked and refused (see <see cref="GuestValues.Cycles"/>).</summary>
    public (int Percent, int? Cap)? EntitlementOf(ParseResult parse)
    {
        string? percent = parse.GetValue(Entitlement);
        string? cycles = parse.GetValue(Cycles);
        if (percent is not null && cycles is not null)
        {
            throw new CommandError($"-e {percent} and -E {cycles}: give the entitlement once, as -e PERCENT[:MAX]");
        }

        if (cycles is not null)
        {
            GuestValues.Cycles("-E", cycles);
        }

        return percent is null ? null : GuestValues.Entitlement("-e", percent);
    }
}
