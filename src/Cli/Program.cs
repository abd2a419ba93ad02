using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Ivm.Cli.Commands;

// hpvm, or one of HPVM's classic command names (hpvmstatus…) when run under that name or given it first.
args = ClassicNames.Rewrite(args, ClassicNames.InvokedAs());

var root = new RootCommand("hpvm — manage Ivm IA-64 virtual machines with HP Integrity VM's commands.")
{
    DisasmCommand.Create(),
    RunCommand.Create(),
    CreateCommand.Create(),
    StatusCommand.Create(),
    StartCommand.Create(),
    StopCommand.Create(),
    ModifyCommand.Create(),
    RemoveCommand.Create(),
    CloneCommand.Create(),
    ConsoleCommand.Create(),
    MigrateCommand.Create(),
    SuspendCommand.Create(),
    ResumeCommand.Create(),
    ClusterCommand.Create(),
};
root.Add(ControllerConnection.Option);

// HPVM uses -h for a host (hpvmcreate -h): help is --help or -? everywhere, and -h also where no
// option of the command takes it.
foreach (var help in root.Options.OfType<HelpOption>().ToList())
{
    root.Options.Remove(help);
}

root.Add(new HelpOption("--help", "-?"));
foreach (var command in root.Subcommands.SelectMany(c => c.Subcommands.Prepend(c)))
{
    if (!command.Options.Any(o => o.Name == "-h" || o.Aliases.Contains("-h")))
    {
        command.Add(new HelpOption("-h") { Hidden = true });
    }
}

var parse = root.Parse(args);
if (parse.Errors.Count > 0 && parse.Action is ParseErrorAction)
{
    // One line, like every other hpvm error, instead of the parser's message and full help.
    string path = string.Join(' ', parse.CommandResult.Command is RootCommand ? [] : CommandPath(parse.CommandResult.Command));
    string messages = string.Join("; ", parse.Errors.Select(e => e.Message.TrimEnd('.')));
    Console.Error.WriteLine($"{(path.Length == 0 ? "hpvm" : CommandError.Prefix(path))}: {messages} (see {(path.Length == 0 ? "hpvm" : $"hpvm {path}")} --help)");
    return 1;
}

return await parse.InvokeAsync().ConfigureAwait(false);

// "cluster up" for the up subcommand of cluster: the command's names below the root.
static IEnumerable<string> CommandPath(Command command)
{
    var names = new Stack<string>();
    for (Command? c = command; c is not null and not RootCommand; c = c.Parents.OfType<Command>().FirstOrDefault())
    {
        names.Push(c.Name);
    }

    return names;
}
