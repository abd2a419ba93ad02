using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ivm.Emulator.Disassembly;
using Ivm.Emulator.Elf;
using Ivm.Emulator.Execution;
using Ivm.Emulator.Isa;
using Ivm.Emulator.Linux;

namespace Ivm.Cli.Commands;

/// <summary>
/// <c>hpvm run [--stats] [--trace] [--max-insns N] [--interpret] PROGRAM [ARGS...]</c>: runs a static IA-64 Linux executable
/// in user mode with the host's standard streams, and exits with the program's exit status (or
/// 128 + signal when it dies of a fault, as a shell reports it).
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var program = new Argument<FileInfo>("PROGRAM") { Description = "A static IA-64 Linux ELF executable." };
        var arguments = new Argument<string[]>("ARGS") { Description = "Arguments passed to the program (put -- before any that start with -).", Arity = ArgumentArity.ZeroOrMore };
        var stats = new Option<bool>("--stats") { Description = "Print instructions executed (every slot, as HP's Ski counts) and millions per second to standard error." };
        var trace = new Option<bool>("--trace") { Description = "Print every instruction to standard error before it executes: bundle address, slot, disassembly, and (off) when its predicate is false." };
        var maxInstructions = new Option<long?>("--max-insns") { Description = "Stop after this many instructions (exit status 124, as timeout(1) uses)." };
        var interpret = new Option<bool>("--interpret") { Description = "Run every bundle through the interpreter instead of translating hot code into .NET methods (same results, slower; for comparison and debugging)." };
        var command = new Command("run", "Run a static IA-64 Linux executable in user mode.") { program, arguments, stats, trace, maxInstructions, interpret };
        command.SetAction(parse => Run(parse.GetValue(program)!, parse.GetValue(arguments) ?? [], parse.GetValue(stats),
            parse.GetValue(trace), parse.GetValue(maxInstructions), parse.GetValue(interpret)));
        return command;
    }

    private static int Run(FileInfo file, string[] arguments, bool stats, bool trace, long? maxInstructions, bool interpret)
    {
        if (maxInstructions is <= 0)
        {
            return CommandError.Report("run", $"--max-insns {maxInstructions}: must be a positive number of instructions");
        }

        LinuxProcess process;
        try
        {
            var elf = ElfFile.Load(file.FullName);
            var streams = new LinuxStreams(Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.OpenStandardError(), Console.Error)
            {
                TerminalDescriptors = (Console.IsInputRedirected ? 0 : 1) | (Console.IsOutputRedirected ? 0 : 2) | (Console.IsErrorRedirected ? 0 : 4),
                TerminalSize = TerminalSize(),
            };
            process = ProcessLoader.Load(elf, file.ToString(), [file.ToString(), .. arguments], EnvironmentOf(), streams);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CommandError.Report("run", $"cannot read '{file}': {(e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message)}");
        }
        catch (ElfFormatException e)
        {
            return CommandError.Report("run", e.Message.StartsWith(file.ToString(), StringComparison.Ordinal) ? e.Message : $"'{file}': {e.Message}");
        }

        if (trace)
        {
            process.Vcpu.Trace = TraceTo(Console.Error, process);
        }

        process.Vcpu.Translate = !interpret;

        var clock = Stopwatch.StartNew();
        process.Run(maxInstructions ?? long.MaxValue);
        clock.Stop();
        if (stats)
        {
            long executed = process.Vcpu.Instructions;
            double seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"hpvm run: {executed} instructions in {seconds:F3} s: {executed / seconds / 1e6:F1} million instructions per second"));
        }

        if (process.Fault is { } fault)
        {
            Console.Error.WriteLine($"hpvm run: {file}: {fault.Kind.Describe()} at ip 0x{fault.Ip:x} slot {fault.Slot}: {Instruction(process, fault)} ({fault.Detail}); signal {fault.Signal}");
            return 128 + fault.Signal;
        }

        if (process.ExitStatus is { } status)
        {
            return status;
        }

        Console.Error.WriteLine($"hpvm run: {file}: stopped after {process.Vcpu.Instructions} instructions (--max-insns)");
        return 124;
    }

    // One line per instruction: "ip slot  instruction", with "(off)" when its predicate is false.
    private static Action<ulong, int, DecodedInst> TraceTo(TextWriter writer, LinuxProcess process)
    {
        var line = new StringBuilder();
        return (ip, slot, inst) =>
        {
            line.Clear();
            line.Append("0x").Append(ip.ToString("x16", CultureInfo.InvariantCulture)).Append(' ').Append(slot).Append(' ');
            InstructionText.Append(line, inst, ip, stop: false, PlainAddressFormatter.Instance);
            if (inst.Qp != 0 && !process.Cpu.GetPr(inst.Qp))
            {
                line.Append("   (off)");
            }

            writer.WriteLine(line);
        };
    }

    // The host terminal's size, or the classic 80x24 when there is none.
    private static (int Columns, int Rows) TerminalSize()
    {
        try
        {
            return Console.IsOutputRedirected || Console.WindowWidth <= 0 ? (80, 24) : (Console.WindowWidth, Console.WindowHeight);
        }
        catch (IOException)
        {
            return (80, 24);
        }
    }

    private static string[] EnvironmentOf() =>
        Environment.GetEnvironmentVariables().Keys.Cast<string>().Order(StringComparer.Ordinal)
            .Select(k => $"{k}={Environment.GetEnvironmentVariable(k)}").ToArray();

    // The faulting instruction as the disassembler shows it, when its bundle can still be read.
    private static string Instruction(LinuxProcess process, GuestFault fault)
    {
        try
        {
            var bytes = new byte[Bundle.Size];
            process.Memory.Read(fault.Ip, bytes);
            var bundle = Bundle.Read(bytes);
            Span<DecodedInst> slots = stackalloc DecodedInst[3];
            InstructionDecoder.DecodeBundle(bundle, slots);
            var sb = new StringBuilder();
            InstructionText.Append(sb, slots[fault.Slot], fault.Ip, stop: false, PlainAddressFormatter.Instance);
            return sb.ToString().Trim();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return "(instruction not readable)";
        }
    }
}
