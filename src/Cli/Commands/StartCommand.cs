using System.CommandLine;
using Ivm.Cluster.V1;

namespace Ivm.Cli.Commands;

/// <summary><c>hpvm start -P NAME</c> (hpvmstart): places the guest on a host with room and runs it.</summary>
public static class StartCommand
{
    public static Command Create()
    {
        var target = new GuestTarget("to start");
        var command = new Command("start", "Start a virtual machine (hpvmstart): the controller places it on its pinned host, else the host it last ran on, else the one with most free memory and entitlement, and refuses with the reason when none can admit it.");
        target.AddTo(command);
        CommandAction.Set(command, "start", async (parse, cancel) =>
        {
            var selection = target.Check(parse);
            using var controller = ControllerConnection.Open(parse);
            string guestName = await GuestTarget.ResolveAsync(selection, controller, cancel).ConfigureAwait(false);
            var guest = await controller.CallAsync(c => c.StartGuestAsync(new StartGuestRequest { Name = guestName }, deadline: ControllerConnection.Deadline(), cancellationToken: cancel)).ConfigureAwait(false);
            await Output.WriteAsync($"{CommandError.Prefix("start")}: Successful start initiation of guest '{guestName}' on host '{guest.Host}'\n").ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
