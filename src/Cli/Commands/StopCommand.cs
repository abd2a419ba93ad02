using System.CommandLine;
using Ivm.Cluster.V1;

namespace Ivm.Cli.Commands;

/// <summary>
/// <c>hpvm stop -P NAME [-F] [-g]</c> (hpvmstop). As on HPVM, a plain stop ends the guest at once
/// after asking for confirmation; -F skips the question; -g stops it gracefully instead (its console
/// input is closed and it is given time to exit).
/// </summary>
public static class StopCommand
{
    public static Command Create()
    {
        var target = new GuestTarget("to stop");
        var force = new Option<bool>("-F") { Description = "Stop it at once without asking for confirmation (needed when standard input is not a terminal)." };
        var graceful = new Option<bool>("-g") { Description = "Graceful stop: close the guest's console input, wait for it to exit, and end it only if it does not." };
        var command = new Command("stop", "Stop a running virtual machine (hpvmstop).");
        target.AddTo(command);
        command.Add(force);
        command.Add(graceful);
        CommandAction.Set(command, "stop", async (parse, cancel) =>
        {
            var selection = target.Check(parse);
            bool isGraceful = parse.GetValue(graceful), isForced = parse.GetValue(force);
            bool ask = !isGraceful && !isForced;
            if (ask && Console.IsInputRedirected)
            {
                throw new CommandError($"{selection}: stopping at once needs confirmation, and standard input is not a terminal; add -F to stop without asking, or -g for a graceful stop");
            }

            using var controller = ControllerConnection.Open(parse);
            string guestName = await GuestTarget.ResolveAsync(selection, controller, cancel).ConfigureAwait(false);
            if (ask)
            {
                if (!Output.Confirm($"{CommandError.Prefix("stop")}: Stop the virtual machine '{guestName}'?"))
                {
                    Console.Error.WriteLine($"{CommandError.Prefix("stop")}: not stopped");
                    return 1;
                }
            }

            var request = new StopGuestRequest { Name = guestName, Force = !isGraceful, Graceful = isGraceful };
            await controller.CallAsync(c => c.StopGuestAsync(request, deadline: ControllerConnection.Deadline(), cancellationToken: cancel)).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
