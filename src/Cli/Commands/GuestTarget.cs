using System.CommandLine;
using System.Globalization;
using Ivm.Cluster.V1;

namespace Ivm.Cli.Commands;

/// <summary>
/// Which guest a command acts on, as HPVM's commands take it: <c>-P name</c> or <c>-p vm_number</c>
/// (the VM # of hpvmstatus). The number is looked up in the controller's list.
/// </summary>
public sealed class GuestTarget
{
    private readonly string _verb;

    public GuestTarget(string verb)
    {
        _verb = verb;
        Name = new Option<string?>("-P") { Description = $"The virtual machine {verb}, by name.", HelpName = "name" };
        Number = new Option<string?>("-p") { Description = $"The virtual machine {verb}, by its VM # (as hpvmstatus shows it).", HelpName = "vm_number" };
    }

    public Option<string?> Name { get; }

    public Option<string?> Number { get; }

    public void AddTo(Command command)
    {
        command.Add(Name);
        command.Add(Number);
    }

    /// <summary>Checks -P or -p before anything is sent; the number alone is resolved later.</summary>
    public Selection Check(ParseResult parse) => Check(parse.GetValue(Name), parse.GetValue(Number), _verb);

    public static Selection Check(string? name, string? number, string verb)
    {
        if (name is not null && number is not null)
        {
            throw new CommandError($"-P {name} and -p {number}: name the virtual machine once, by name (-P) or by VM # (-p)");
        }

        if (number is not null)
        {
            return int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out int vm) && vm >= 1
                ? new Selection(null, vm)
                : throw new CommandError($"-p {number}: a VM # is a whole number from 1 (see hpvm status)");
        }

        if (name is null)
        {
            throw new CommandError($"-P: the virtual machine {verb} is required, by name (-P name) or by VM # (-p vm_number)");
        }

        return new Selection(GuestValues.Name("-P", name), null);
    }

    /// <summary>The guest's name: as given, or the one with the given VM #.</summary>
    public static async Task<string> ResolveAsync(Selection selection, ControllerConnection controller, CancellationToken cancel)
    {
        if (selection.Name is { } name)
        {
            return name;
        }

        var reply = await controller.CallAsync(c => c.ListGuestsAsync(new ListGuestsRequest(), deadline: ControllerConnection.Deadline(), cancellationToken: cancel)).ConfigureAwait(false);
        return reply.Guests.FirstOrDefault(g => g.VmNumber == selection.Number)?.Config.Name
            ?? throw new CommandError($"-p {selection.Number}: no virtual machine has VM # {selection.Number} (see hpvm status)");
    }

    public sealed record Selection(string? Name, int? Number)
    {
        public override string ToString() => Name is not null ? $"-P {Name}" : $"-p {Number}";
    }
}
