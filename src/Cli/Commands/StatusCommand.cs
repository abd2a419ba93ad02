using System.CommandLine;
using Ivm.Cluster.V1;

namespace Ivm.Cli.Commands;

/// <summary>
/// <c>hpvm status [-P NAME] [-M | -X | --json]</c> (hpvmstatus): every guest in HPVM's table with its
/// host, or one guest's detailed sections; -M, -X and --json for programs.
/// </summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var target = new GuestTarget("to show in detail (HPVM's sections and its state history) instead of the table");
        var machine = new Option<bool>("-M") { Description = "Machine-readable: one line per guest, ':'-separated fields: name, VM #, OS type, state, #VCPUs, #Devs, #Nets, memory MB, host, entitlement %, maximum %, start attribute, label." };
        var xml = new Option<bool>("-X") { Description = "XML, in HPVM's layout (<pman><virtual_machine name=… local_id=…>)." };
        var json = new Option<bool>("--json") { Description = "JSON: an array of guests, or one object with -P." };
        var command = new Command("status", "Show virtual machines: the table of all of them with their hosts, or one in detail (hpvmstatus).");
        target.AddTo(command);
        command.Add(machine);
        command.Add(xml);
        command.Add(json);
        CommandAction.Set(command, "status", async (parse, cancel) =>
        {
            bool m = parse.GetValue(machine), x = parse.GetValue(xml), j = parse.GetValue(json);
            if ((m ? 1 : 0) + (x ? 1 : 0) + (j ? 1 : 0) > 1)
            {
                throw new CommandError($"{string.Join(" and ", new[] { m ? "-M" : null, x ? "-X" : null, j ? "--json" : null }.OfType<string>())}: choose one output format");
            }

            var only = parse.GetValue(target.Name) is null && parse.GetValue(target.Number) is null ? null : target.Check(parse);
            using var controller = ControllerConnection.Open(parse);
            string text;
            if (only is not null)
            {
                string guestName = await GuestTarget.ResolveAsync(only, controller, cancel).ConfigureAwait(false);
                var guest = await controller.CallAsync(c => c.GetGuestAsync(new GetGuestRequest { Name = guestName }, deadline: ControllerConnection.Deadline(), cancellationToken: cancel)).ConfigureAwait(false);
                text = m ? StatusMachineReadable.Format([guest])
                    : x ? StatusXml.Format([guest])
                    : j ? StatusJson.Format(guest)
                    : StatusDetails.Format(guest);
            }
            else
            {
                var reply = await controller.CallAsync(c => c.ListGuestsAsync(new ListGuestsRequest(), deadline: ControllerConnection.Deadline(), cancellationToken: cancel)).ConfigureAwait(false);
                text = m ? StatusMachineReadable.Format(reply.Guests)
                    : x ? StatusXml.Format(reply.Guests)
                    : j ? StatusJson.Format(reply.Guests)
                    : StatusTable.Format(reply.Guests);
            }

            await Output.WriteAsync(text).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
