using System.Diagnostics;
using Microsoft.Win32.SafeHandles;

namespace Ivm.Cli.Commands;

/// <summary>
/// The controlling terminal in raw mode for <c>hpvm console</c>, restored on dispose. Set with stty(1)
/// on standard input: no line buffering (each key goes to the guest at once, and Ctrl-B is seen as
/// typed), no local echo (the guest echoes what it reads, as an OS on HPVM's console does), no
/// signals (Ctrl-C is a byte for the guest, as on a serial console), no flow control. Two things of
/// a cooked terminal stay, because an Ivm guest is a Linux program that speaks in "\n": Enter's
/// carriage return arrives as a newline, and the guest's newlines start a new line on the screen.
/// </summary>
public sealed class Terminal : IDisposable
{
    private readonly string _saved;

    private Terminal(string saved) => _saved = saved;

    public static Terminal EnterCharacterMode()
    {
        string saved = Stty("-g").Trim();
        Stty("-icanon", "-echo", "-isig", "-ixon", "-iexten", "min", "1", "time", "0");
        return new Terminal(saved);
    }

    public void Dispose() => Stty(_saved);

    /// <summary>
    /// Standard input and output as plain byte streams on file descriptors 0 and 1. System.Console's
    /// own streams would put the terminal through its line editor, undoing the mode set here.
    /// </summary>
    public static Stream StandardInput() => new FileStream(new SafeFileHandle(0, ownsHandle: false), FileAccess.Read, 1);

    public static Stream StandardOutput() => new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, 1);

    /// <summary>A line on standard error, also past System.Console (which would initialise the terminal).</summary>
    public static void Note(string line)
    {
        using var stderr = new FileStream(new SafeFileHandle(2, ownsHandle: false), FileAccess.Write, 1);
        stderr.Write(System.Text.Encoding.UTF8.GetBytes(line + "\n"));
    }

    private static string Stty(params string[] arguments)
    {
        // stty acts on its standard input, which it inherits: the terminal.
        var start = new ProcessStartInfo("stty") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var stty = Process.Start(start) ?? throw new CommandError("cannot run stty to set the terminal's mode");
        string output = stty.StandardOutput.ReadToEnd();
        string error = stty.StandardError.ReadToEnd();
        stty.WaitForExit();
        return stty.ExitCode == 0 ? output : throw new CommandError($"stty {string.Join(' ', arguments)} failed: {error.Trim()}");
    }
}
