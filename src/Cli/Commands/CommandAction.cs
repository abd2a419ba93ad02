using System.CommandLine;

namespace Ivm.Cli.Commands;

/// <summary>
/// Binds a command's action so that every expected failure ends the same way: one line on stderr,
/// "hpvm COMMAND: what, which value, what is allowed", and exit status 1.
/// </summary>
public static class CommandAction
{
    public static void Set(Command command, string name, Func<ParseResult, CancellationToken, Task<int>> action)
    {
        command.SetAction(async (parse, cancel) =>
        {
            try
            {
                return await action(parse, cancel).ConfigureAwait(false);
            }
            catch (CommandError e)
            {
                return CommandError.Report(name, e.Message);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                return 130;                 // interrupted, as a shell reports SIGINT
            }
        });
    }
}
