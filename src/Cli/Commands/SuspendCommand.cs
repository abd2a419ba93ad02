using System.CommandLine;
using Ivm.Cluster.V1;

namespace Ivm.Cli.Commands;

/// <summary><c>hpvm suspend -P NAME</c> (hpvmsuspend): its host saves it to disk and frees its memory and entitlement.</summary>
public static class SuspendCommand
{
    public static Command Create()
    {
        var target = new GuestTarget("to suspend");
        var command = new Command("suspend", "Suspend a running virtual machine (hpvmsuspend): its host saves its whole state (memory, CPU, console) to disk and frees its memory and entitlement; hpvm resume continues it exactly where it stopped, on the same host, also after that host's agent restarts.");
        target.AddTo(command);
        CommandAction.Set(command, "suspend", async (parse, cancel) =>
        {
            var selection = target.Check(parse);
            using var controller = ControllerConnection.Open(parse);
            string name = await GuestTarget.ResolveAsync(selection, controller, cancel).ConfigureAwait(false);
            var guest = await controller.CallAsync(c => c.SuspendGuestAsync(new SuspendGuestRequest { Name = name }, deadline: ControllerConnection.Deadline().AddMinutes(1), cancellationToken: cancel)).ConfigureAwait(false);
            await Output.WriteAsync($"{CommandError.Prefix("suspend")}: guest '{name}' suspended on host '{guest.Host}' (hpvm resume -P {name} continues it)\n").ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
