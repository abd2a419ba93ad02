using System.CommandLine;
using System.Globalization;
using Grpc.Core;
using Ivm.Cluster.V1;
using Ivm.Migration.V1;

namespace Ivm.Cli.Commands;

/// <summary>
/// <c>hpvm migrate -P NAME -h HOST [-o] [-s] [--downtime MS] [--bandwidth MB/s] [--max-time S]
/// [--no-wait]</c> and <c>hpvm migrate -P NAME --cancel</c> (hpvmmigrate): moves a guest to another
/// host, live with -o, showing HPVM's phases as it goes and QEMU's figures at the end.
/// </summary>
public static class MigrateCommand
{
    public static Command Create()
    {
        var target = new GuestTarget("to migrate");
        var host = new Option<string?>("-h") { Description = "The host to move it to: a registered host other than its own, Up, with room for it (hpvm cluster status lists the hosts).", HelpName = "host" };
        var online = new Option<bool>("-o") { Description = "Online: move it while it runs — its memory is copied in rounds while it keeps running, then it is frozen for a few milliseconds to switch over. Without -o the guest must be Off, and its definition and console log move." };
        var check = new Option<bool>("-s") { Description = "Only check that the migration could run (the guest's state, the target host, room there, the agents' own checks) and say why not; nothing moves." };
        var downtime = new Option<string?>("--downtime") { Description = "With -o: the longest acceptable freeze, in milliseconds, 1 to 60000 (default 50). The switch-over waits until the memory still to send fits in it at the measured bandwidth.", HelpName = "ms" };
        var bandwidth = new Option<string?>("--bandwidth") { Description = "With -o: a cap on migration traffic in MB/s (10^6 bytes per second), 1 to 100000 (default: unlimited).", HelpName = "MB/s" };
        var maxTime = new Option<string?>("--max-time") { Description = "With -o: give up after this many seconds in all, 1 to 86400 (default 600); the guest then keeps running where it was.", HelpName = "seconds" };
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the migration has started: it goes on in the controller (hpvm status -P NAME shows its progress, hpvm migrate -P NAME --cancel abandons it)." };
        var cancelIt = new Option<bool>("--cancel") { Description = "Abandon the guest's running migration; the guest keeps running on the host it is on. Too late once it is Frozen (switching over)." };
        var command = new Command("migrate", "Move a virtual machine to another host (hpvmmigrate): online with -o while it runs, else offline while it is Off. While it runs: its phase (Init, Copy, I/O Quiesce, Frozen), round, memory transferred and remaining, dirty rate, expected downtime and CPU throttle; at the end total time, setup time, downtime, rounds, pages sent, zero pages, bytes, throughput and throttle. Interrupting hpvm (Ctrl-C) stops watching only: the migration goes on in the controller.");
        target.AddTo(command);
        command.Add(host);
        command.Add(online);
        command.Add(check);
        command.Add(downtime);
        command.Add(bandwidth);
        command.Add(maxTime);
        command.Add(noWait);
        command.Add(cancelIt);
        CommandAction.Set(command, "migrate", async (parse, cancel) =>
        {
            var selection = target.Check(parse);
            string? to = parse.GetValue(host);
            bool live = parse.GetValue(online), checkOnly = parse.GetValue(check), detach = parse.GetValue(noWait);
            string? downtimeText = parse.GetValue(downtime), bandwidthText = parse.GetValue(bandwidth), maxTimeText = parse.GetValue(maxTime);
            if (parse.GetValue(cancelIt))
            {
                var others = new[] { to is null ? null : $"-h {to}", live ? "-o" : null, checkOnly ? "-s" : null, downtimeText is null ? null : "--downtime",
                    bandwidthText is null ? null : "--bandwidth", maxTimeText is null ? null : "--max-time", detach ? "--no-wait" : null }.OfType<string>().ToList();
                if (others.Count > 0)
                {
                    throw new CommandError($"--cancel with {string.Join(", ", others)}: --cancel abandons the running migration and takes only -P or -p");
                }

                return await CancelAsync(parse, selection, cancel).ConfigureAwait(false);
            }

            if (to is null)
            {
                throw new CommandError("-h: the host to migrate to is required (hpvm cluster status lists the hosts)");
            }

            GuestValues.Host("-h", to);

            if (!live && (downtimeText ?? bandwidthText ?? maxTimeText) is not null)
            {
                string which = downtimeText is not null ? $"--downtime {downtimeText}" : bandwidthText is not null ? $"--bandwidth {bandwidthText}" : $"--max-time {maxTimeText}";
                throw new CommandError($"{which}: applies to an online migration; add -o (an offline migration moves an Off guest's definition only)");
            }

            if (checkOnly && detach)
            {
                throw new CommandError("-s with --no-wait: -s only checks and returns at once; give one of them");
            }

            var request = new MigrateGuestRequest
            {
                TargetHost = to, Online = live, CheckOnly = checkOnly, NoWait = detach,
                DowntimeMs = Number("--downtime", downtimeText, 1, 60_000, "milliseconds"),
                BandwidthMbPerS = Number("--bandwidth", bandwidthText, 1, 100_000, "MB/s"),
                MaxTotalMs = Number("--max-time", maxTimeText, 1, 86_400, "seconds") * 1000,
            };
            using var controller = ControllerConnection.Open(parse);
            request.Name = await GuestTarget.ResolveAsync(selection, controller, cancel).ConfigureAwait(false);
            var before = await controller.CallAsync(c => c.GetGuestAsync(new GetGuestRequest { Name = request.Name }, deadline: ControllerConnection.Deadline(), cancellationToken: cancel)).ConfigureAwait(false);
            return await MigrateAsync(controller, request, before.Host, cancel).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> MigrateAsync(ControllerConnection controller, MigrateGuestRequest request, string source, CancellationToken cancel)
    {
        string prefix = CommandError.Prefix("migrate");
        string mode = request.Online ? "online" : "offline";
        string from = source.Length > 0 ? source : "(not placed)";
        var view = new MigrationProgressView(MigrationProgressView.Interactive());
        MigrationProgress? last = null;
        try
        {
            using var call = controller.Client.MigrateGuest(request,
                deadline: request.CheckOnly ? ControllerConnection.Deadline().AddMinutes(1) : null, cancellationToken: cancel);
            await foreach (var progress in call.ResponseStream.ReadAllAsync(cancel).ConfigureAwait(false))
            {
                if (progress.Result is not null)
                {
                    last = progress;
                    break;
                }

                if (request.NoWait)
                {
                    await Output.WriteAsync($"{MigrationText.Progress(progress)}\n{prefix}: the migration of '{request.Name}' from {from} to {request.TargetHost} goes on in the controller "
                        + $"(hpvm status -P {request.Name} shows it; hpvm migrate -P {request.Name} --cancel abandons it)\n").ConfigureAwait(false);
                    return 0;
                }

                await view.ShowAsync(progress).ConfigureAwait(false);
            }
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
        {
            await view.EndAsync().ConfigureAwait(false);
            throw controller.Explain(e);
        }
        catch (Exception e) when (cancel.IsCancellationRequested && e is OperationCanceledException or RpcException)
        {
            await view.EndAsync().ConfigureAwait(false);
            Console.Error.WriteLine($"{prefix}: stopped watching; the migration of '{request.Name}' goes on in the controller (hpvm migrate -P {request.Name} --cancel abandons it)");
            return 130;
        }

        await view.EndAsync().ConfigureAwait(false);
        var result = last?.Result
            ?? throw new CommandError($"the controller ended the migration of '{request.Name}' without a result; hpvm status -P {request.Name} shows where it is");
        if (!result.Success)
        {
            throw new CommandError($"the migration of '{request.Name}' from {from} to {request.TargetHost} failed: {result.Error}; "
                + $"'{request.Name}' {(request.Online ? "keeps running" : "stays")} on {from}");
        }

        if (request.CheckOnly)
        {
            await Output.WriteAsync($"{prefix}: '{request.Name}' can be migrated {mode} from {from} to {request.TargetHost}: every check passed; nothing was moved (run again without -s to migrate)\n").ConfigureAwait(false);
            return 0;
        }

        await Output.WriteAsync(MigrationProgressView.Summary($"{prefix}: '{request.Name}' migrated {mode} from {from} to {request.TargetHost}", result.Statistics)).ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> CancelAsync(ParseResult parse, GuestTarget.Selection selection, CancellationToken cancel)
    {
        using var controller = ControllerConnection.Open(parse);
        string name = await GuestTarget.ResolveAsync(selection, controller, cancel).ConfigureAwait(false);
        await controller.CallAsync(c => c.CancelMigrationAsync(new CancelMigrationRequest { Name = name }, deadline: ControllerConnection.Deadline(), cancellationToken: cancel)).ConfigureAwait(false);
        var guest = await controller.CallAsync(c => c.GetGuestAsync(new GetGuestRequest { Name = name }, deadline: ControllerConnection.Deadline(), cancellationToken: cancel)).ConfigureAwait(false);
        string outcome = guest.Migration is { InProgress: true } ? "is being abandoned" : "was abandoned";
        await Output.WriteAsync($"{CommandError.Prefix("migrate")}: the migration of '{name}' {outcome}; '{name}' is on host {guest.Host}\n").ConfigureAwait(false);
        return 0;
    }

    // 0 (the controller's default) when not given.
    private static uint Number(string option, string? text, uint min, uint max, string unit)
    {
        if (text is null)
        {
            return 0;
        }

        return uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint value) && value >= min && value <= max
            ? value
            : throw new CommandError($"{option} {text}: a whole number of {unit} from {min} to {max}");
    }
}
