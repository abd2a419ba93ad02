using System.CommandLine;
using Ivm.Cluster.V1;

namespace Ivm.Cli.Commands;

/// <summary>
/// <c>hpvm remove -P NAME [-F]</c> (hpvmremove): deletes an Off guest everywhere, after asking, as
/// HPVM does; -F skips the question and is required when standard input is not a terminal.
/// </summary>
public static class RemoveCommand
{
    public static Command Create()
    {
        var target = new GuestTarget("to remove (it must be Off)");
        var force = new Option<bool>("-F") { Description = "Remove without asking for confirmation (required when standard input is not a terminal)." };
        var command = new Command("remove", "Remove a virtual machine and its configuration from the cluster (hpvmremove).");
        target.AddTo(command);
        command.Add(force);
        CommandAction.Set(command, "remove", async (parse, cancel) =>
        {
            var selection = target.Check(parse);
            bool ask = !parse.GetValue(force);
            if (ask && Console.IsInputRedirected)
            {
                throw new CommandError($"{selection}: removing needs confirmation, and standard input is not a terminal; add -F to remove without asking");
            }

            using var controller = ControllerConnection.Open(parse);
            string guestName = await GuestTarget.ResolveAsync(selection, controller, cancel).ConfigureAwait(false);
            if (ask)
            {
                if (!Output.Confirm($"{CommandError.Prefix("remove")}: Remove the virtual machine '{guestName}'?"))
                {
                    Console.Error.WriteLine($"{CommandError.Prefix("remove")}: not removed");
                    return 1;
                }
            }

            await controller.CallAsync(c => c.RemoveGuestAsync(new RemoveGuestRequest { Name = guestName }, deadline: ControllerConnection.Deadline(), cancellationToken: cancel)).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
