using System.Diagnostics;
using Ivm.Emulator.Disassembly;

namespace Ivm.Tools.IsaDiff;

/// <summary>
/// Runs GNU objdump (package binutils-ia64-linux-gnu) as the reference disassembler and compares its
/// instruction lines with ours. Only instruction lines are compared: address, bytes, text.
/// </summary>
public static class ObjdumpOracle
{
    public const string Objdump = "ia64-linux-gnu-objdump";

    /// <summary>objdump's instruction lines for flat code: -D -b binary -m ia64.</summary>
    public static List<string> DisassembleRaw(string path) =>
        InstructionLines(Run(Objdump, $"-D -b binary -m ia64 \"{path}\""));

    /// <summary>objdump's instruction lines for an ELF file: -d.</summary>
    public static List<string> DisassembleElf(string path) =>
        InstructionLines(Run(Objdump, $"-d \"{path}\""));

    /// <summary>Our listing of flat code starting at address 0.</summary>
    public static List<string> OursRaw(byte[] code)
    {
        return InstructionLines(Disassembler.Raw(code, "code.bin"));
    }

    /// <summary>Lines of the form "  addr:\tbytes..." — everything objdump prints for code bytes.</summary>
    public static List<string> InstructionLines(string text)
    {
        var lines = new List<string>();
        foreach (var line in text.Split('\n'))
        {
            int colon = line.IndexOf(":\t", StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim().All(Uri.IsHexDigit) && line[..colon].Trim().Length > 0)
            {
                lines.Add(line.TrimEnd('\r'));
            }
        }

        return lines;
    }

    public static string Run(string tool, string arguments)
    {
        var info = new ProcessStartInfo(tool, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Cannot start {tool}.");
        var stderr = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {arguments} exited with {process.ExitCode}: {stderr.Result}");
        }

        return output;
    }
}
