namespace Ivm.Cli.Commands;

/// <summary>
/// HPVM's command names (hpvmstatus, hpvmcreate…) and the hpvm subcommand each one is. The install
/// script makes each name a command of its own; hpvm recognises them as its first argument or as the
/// name it was started under (a symbolic link to the hpvm executable).
/// </summary>
public static class ClassicNames
{
    public static IReadOnlyDictionary<string, string> Subcommands { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["hpvmcreate"] = "create",
        ["hpvmstatus"] = "status",
        ["hpvmstart"] = "start",
        ["hpvmstop"] = "stop",
        ["hpvmmodify"] = "modify",
        ["hpvmconsole"] = "console",
        ["hpvmremove"] = "remove",
        ["hpvmclone"] = "clone",
        ["hpvmmigrate"] = "migrate",
        ["hpvmsuspend"] = "suspend",
        ["hpvmresume"] = "resume",
    };

    /// <summary>
    /// The arguments for hpvm's own parser: a classic name in front (from a thin script, or the
    /// name hpvm was run under) becomes its subcommand, and errors are reported under that name.
    /// </summary>
    public static string[] Rewrite(string[] args, string? invokedAs)
    {
        if (invokedAs is not null && Subcommands.TryGetValue(invokedAs, out string? fromLink))
        {
            CommandError.ClassicName = invokedAs;
            return [fromLink, .. args];
        }

        if (args.Length > 0 && Subcommands.TryGetValue(args[0], out string? fromArgument))
        {
            CommandError.ClassicName = args[0];
            return [fromArgument, .. args[1..]];
        }

        return args;
    }

    /// <summary>
    /// The name this process was started under: argv[0] as the kernel recorded it. The .NET host
    /// keeps the caller's argv[0], so a symbolic link named hpvmstatus shows up here as hpvmstatus.
    /// </summary>
    public static string? InvokedAs()
    {
        try
        {
            byte[] cmdline = File.ReadAllBytes("/proc/self/cmdline");
            int end = Array.IndexOf(cmdline, (byte)0);
            string argv0 = System.Text.Encoding.UTF8.GetString(cmdline, 0, end < 0 ? cmdline.Length : end);
            return Path.GetFileName(argv0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
