using System.CommandLine;
using Ivm.Cluster.V1;

namespace Ivm.Cli.Commands;

/// <summary><c>hpvm clone -P SOURCE -N NEW</c> (hpvmclone): a new guest, Off, with the source's configuration.</summary>
public static class CloneCommand
{
    public static Command Create()
    {
        var source = new GuestTarget("to copy (Off or On)");
        var newName = new Option<string?>("-N") { Description = "The new virtual machine's name.", HelpName = "new_name" };
        var command = new Command("clone", "Create a virtual machine with the configuration of another (hpvmclone); the clone is Off.");
        source.AddTo(command);
        command.Add(newName);
        CommandAction.Set(command, "clone", async (parse, cancel) =>
        {
            var selection = source.Check(parse);
            string clone = GuestValues.Name("-N", parse.GetValue(newName));
            using var controller = ControllerConnection.Open(parse);
            var request = new CloneGuestRequest { Name = await GuestTarget.ResolveAsync(selection, controller, cancel).ConfigureAwait(false), NewName = clone };
            await controller.CallAsync(c => c.CloneGuestAsync(request, deadline: ControllerConnection.Deadline(), cancellationToken: cancel)).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
