using System.CommandLine;
using Ivm.Cluster.V1;

namespace Ivm.Cli.Commands;

/// <summary><c>hpvm resume -P NAME</c> (hpvmresume): continues a suspended guest on the host that saved it.</summary>
public static class ResumeCommand
{
    public static Command Create()
    {
        var target = new GuestTarget("to resume");
        var command = new Command("resume", "Resume a suspended virtual machine (hpvmresume) exactly where it stopped, on the host that saved it (which must have room for it again).");
        target.AddTo(command);
        CommandAction.Set(command, "resume", async (parse, cancel) =>
        {
            var selection = target.Check(parse);
            using var controller = ControllerConnection.Open(parse);
            string name = await GuestTarget.ResolveAsync(selection, controller, cancel).ConfigureAwait(false);
            var guest = await controller.CallAsync(c => c.ResumeGuestAsync(new ResumeGuestRequest { Name = name }, deadline: ControllerConnection.Deadline().AddMinutes(1), cancellationToken: cancel)).ConfigureAwait(false);
            await Output.WriteAsync($"{CommandError.Prefix("resume")}: guest '{name}' resumed on host '{guest.Host}'\n").ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
