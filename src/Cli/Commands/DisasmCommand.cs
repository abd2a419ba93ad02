using System.CommandLine;
using Ivm.Emulator.Disassembly;
using Ivm.Emulator.Elf;

namespace Ivm.Cli.Commands;

/// <summary>
/// <c>hpvm disasm [--raw] FILE</c>: disassembles the executable sections of an IA-64 ELF file, or flat
/// code with --raw, in GNU objdump's layout (instruction lines identical to ia64-linux-gnu-objdump's).
/// </summary>
public static class DisasmCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "An IA-64 ELF object, executable or shared object (or flat code with --raw)." };
        var raw = new Option<bool>("--raw") { Description = "Treat FILE as flat IA-64 code starting at address 0, like objdump -D -b binary -m ia64." };
        var command = new Command("disasm", "Disassemble IA-64 code, as ia64-linux-gnu-objdump -d does.") { file, raw };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(raw)));
        return command;
    }

    private static int Run(FileInfo file, bool raw)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CommandError.Report("disasm", $"cannot read '{file}': {Describe(e)}");
        }

        string text;
        if (raw)
        {
            text = Disassembler.Raw(bytes, file.ToString());
        }
        else
        {
            try
            {
                text = Disassembler.Elf(ElfFile.Parse(bytes), file.ToString());
            }
            catch (ElfFormatException e)
            {
                return CommandError.Report("disasm", $"'{file}': {e.Message} (use --raw for flat code)");
            }
        }

        using var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false, NewLine = "\n" };
        stdout.Write(text);
        return 0;
    }

    private static string Describe(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "no such file",
        UnauthorizedAccessException => "permission denied",
        _ => e.Message,
    };
}
