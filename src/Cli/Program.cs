using System.CommandLine;
using Ivm.Cli.Commands;

var root = new RootCommand("hpvm — manage Ivm IA-64 virtual machines (HP Integrity VM commands).")
{
    DisasmCommand.Create(),
    RunCommand.Create(),
    new Command("cluster", "Set up an Ivm cluster.") { ClusterInitCommand.Create() },
};

return root.Parse(args).Invoke();
