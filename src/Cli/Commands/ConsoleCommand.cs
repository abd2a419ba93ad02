using System.CommandLine;
using Google.Protobuf;
using Grpc.Core;
using Ivm.Cluster.V1;

namespace Ivm.Cli.Commands;

/// <summary>
/// <c>hpvm console -P NAME</c> (hpvmconsole): the guest's console, relayed by the controller from
/// whichever host runs it. On a terminal it is interactive — keys go to the guest as typed and Ctrl-B
/// leaves, as it returns to HPVM's virtual MP — otherwise standard input is forwarded and the output
/// followed. <c>-q -c cl</c> prints the console log and exits, for scripts (the vMP's CL command).
/// </summary>
public static class ConsoleCommand
{
    private const byte CtrlB = 0x02;

    public static Command Create()
    {
        var target = new GuestTarget("whose console to open");
        var quiet = new Option<bool>("-q") { Description = "Quiet: no banner (use with -c for scripts)." };
        var run = new Option<string?>("-c") { Description = "Run one virtual MP command and exit instead of connecting: 'cl' prints the console log.", HelpName = "command" };
        var command = new Command("console", "Connect to a virtual machine's console (hpvmconsole); Ctrl-B leaves it.");
        target.AddTo(command);
        command.Add(quiet);
        command.Add(run);
        CommandAction.Set(command, "console", async (parse, cancel) =>
        {
            var selection = target.Check(parse);
            string? vmp = parse.GetValue(run);
            if (vmp is not null && !vmp.Trim().Equals("cl", StringComparison.OrdinalIgnoreCase))
            {
                throw new CommandError($"-c {vmp}: not a virtual MP command hpvm runs; allowed: cl (print the console log)");
            }

            using var controller = ControllerConnection.Open(parse);
            string guest = await GuestTarget.ResolveAsync(selection, controller, cancel).ConfigureAwait(false);
            if (vmp is not null)
            {
                using var stdout = Terminal.StandardOutput();
                await CopyConsoleAsync(controller, guest, follow: false, stdout, cancel).ConfigureAwait(false);
                return 0;
            }

            bool quietly = parse.GetValue(quiet);
            return Console.IsInputRedirected
                ? await StreamAsync(controller, guest, cancel).ConfigureAwait(false)
                : await InteractAsync(controller, guest, quietly, cancel).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> InteractAsync(ControllerConnection controller, string guest, bool quiet, CancellationToken cancel)
    {
        // Ask once before touching the terminal, so an unknown guest is a plain one-line error.
        await controller.CallAsync(c => c.GetGuestAsync(new GetGuestRequest { Name = guest }, deadline: ControllerConnection.Deadline(), cancellationToken: cancel)).ConfigureAwait(false);
        using var leave = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var stdout = Terminal.StandardOutput();
        using var stdin = Terminal.StandardInput();
        string? ended;
        using (Terminal.EnterCharacterMode())
        {
            // Announced once the terminal is raw: whatever the user types after seeing it is not
            // echoed locally as well as by the guest.
            if (!quiet)
            {
                Terminal.Note($"[Connected to the console of '{guest}' through {controller.Url}. (Use Ctrl-B to leave.)]");
            }

            var output = CopyConsoleAsync(controller, guest, follow: true, stdout, leave.Token);
            var input = ForwardInputAsync(controller, guest, stdin, stopAtCtrlB: true, leave.Token);
            var first = await Task.WhenAny(output, input).ConfigureAwait(false);
            ended = first == output ? "the console stream ended" : null;
            await leave.CancelAsync().ConfigureAwait(false);
            await Settle(output).ConfigureAwait(false);
            if (first == output)
            {
                await output.ConfigureAwait(false);     // its error, if it failed, is the command's
            }
        }

        if (!quiet)
        {
            Terminal.Note($"\n[Left the console of '{guest}'{(ended is null ? "" : $": {ended}")}.]");
        }

        return 0;
    }

    // Not a terminal: forward standard input until it ends, and follow the output until the stream
    // ends or hpvm is interrupted.
    private static async Task<int> StreamAsync(ControllerConnection controller, string guest, CancellationToken cancel)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var stdout = Terminal.StandardOutput();     // System.Console ignores a closed pipe; this one reports it
        using var stdin = Console.OpenStandardInput();
        var output = CopyConsoleAsync(controller, guest, follow: true, stdout, stop.Token);
        var input = ForwardInputAsync(controller, guest, stdin, stopAtCtrlB: false, stop.Token);
        _ = input.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);   // a read of stdin cannot be cancelled; it ends with the process
        await output.ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        return 0;
    }

    private static async Task CopyConsoleAsync(ControllerConnection controller, string guest, bool follow, Stream stdout, CancellationToken cancel)
    {
        try
        {
            using var call = controller.Client.WatchConsole(new WatchConsoleRequest { Name = guest, Offset = 0, Follow = follow }, cancellationToken: cancel);
            await foreach (var chunk in call.ResponseStream.ReadAllAsync(cancel).ConfigureAwait(false))
            {
                await stdout.WriteAsync(chunk.Data.Memory, cancel).ConfigureAwait(false);
                await stdout.FlushAsync(cancel).ConfigureAwait(false);
            }
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
        {
            throw controller.Explain(e);
        }
        catch (IOException)
        {
            // Standard output closed (e.g. piped into head): nothing more to show.
        }
    }

    private static async Task ForwardInputAsync(ControllerConnection controller, string guest, Stream stdin, bool stopAtCtrlB, CancellationToken cancel)
    {
        var buffer = new byte[4096];
        while (true)
        {
            int n = await stdin.ReadAsync(buffer, cancel).ConfigureAwait(false);
            if (n == 0)
            {
                return;
            }

            int end = stopAtCtrlB ? Array.IndexOf(buffer, CtrlB, 0, n) : -1;
            int send = end < 0 ? n : end;
            if (send > 0)
            {
                await controller.CallAsync(c => c.SendConsoleInputAsync(
                    new ConsoleInput { Name = guest, Data = ByteString.CopyFrom(buffer, 0, send) }, deadline: ControllerConnection.Deadline(), cancellationToken: cancel)).ConfigureAwait(false);
            }

            if (end >= 0)
            {
                return;
            }
        }
    }

    private static async Task Settle(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or CommandError or IOException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            // Ended because the other side ended; its outcome no longer matters.
        }
    }
}
