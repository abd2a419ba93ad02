namespace Ivm.Cli.Commands;

/// <summary>An expected failure of a command: printed as one line on stderr, exit status 1.</summary>
public sealed class CommandError(string message) : Exception(message)
{
    /// <summary>
    /// The classic HPVM name hpvm was started under (hpvmstatus, hpvmcreate…), or null. Errors then
    /// start with that name, as the administrator typed it, instead of "hpvm status".
    /// </summary>
    public static string? ClassicName { get; set; }

    public static int Report(string command, string message)
    {
        Console.Error.WriteLine($"{Prefix(command)}: {message}");
        return 1;
    }

    /// <summary>"hpvm COMMAND", or the classic name the command was invoked under.</summary>
    public static string Prefix(string command) => ClassicName ?? $"hpvm {command}";
}
