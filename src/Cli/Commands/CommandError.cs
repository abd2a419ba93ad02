namespace Ivm.Cli.Commands;

/// <summary>An expected failure of a command: printed as one line on stderr, exit status 1.</summary>
public sealed class CommandError(string message) : Exception(message)
{
    public static int Report(string command, string message)
    {
        Console.Error.WriteLine($"hpvm {command}: {message}");
        return 1;
    }
}
