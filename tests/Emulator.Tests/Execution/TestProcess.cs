using System.Text;
using Ivm.Emulator.Elf;
using Ivm.Emulator.Linux;

namespace Ivm.Emulator.Tests.Execution;

/// <summary>An IA-64 program loaded as hpvm run loads it, with its output and warnings captured in memory.</summary>
internal sealed class TestProcess
{
    private TestProcess(LinuxProcess process, LinuxStreams streams, MemoryStream output, MemoryStream errors, StringWriter warnings)
    {
        Process = process;
        Streams = streams;
        (OutputStream, ErrorStream, WarningWriter) = (output, errors, warnings);
    }

    public LinuxProcess Process { get; }

    public LinuxStreams Streams { get; }

    private MemoryStream OutputStream { get; }

    private MemoryStream ErrorStream { get; }

    private StringWriter WarningWriter { get; }

    public string Output => Encoding.UTF8.GetString(OutputStream.ToArray());

    /// <summary>Standard error, warnings and the fault, if any, in one text for assertion messages.</summary>
    public string Errors => Encoding.UTF8.GetString(ErrorStream.ToArray()) + WarningWriter
        + (Process.Fault is { } f ? $"fault: {f.Kind} at 0x{f.Ip:x} slot {f.Slot}: {f.Detail}" : "");

    public string Warnings => WarningWriter.ToString();

    public static TestProcess Start(string path, params string[] arguments) => Start(path, terminals: 0, arguments);

    /// <summary>Starts a program whose descriptors in <paramref name="terminals"/> (bit n for fd n) act as terminals.</summary>
    public static TestProcess Start(string path, int terminals, params string[] arguments)
    {
        var (output, errors, warnings) = (new MemoryStream(), new MemoryStream(), new StringWriter());
        var streams = NewStreams(output, errors, warnings) with { TerminalDescriptors = terminals, TerminalSize = (132, 43) };
        return new TestProcess(ProcessLoader.Load(ElfFile.Load(path), path, [path, .. arguments], [], streams), streams, output, errors, warnings);
    }

    /// <summary>A process restored from a snapshot, with fresh captured streams.</summary>
    public static TestProcess Restore(Stream snapshot)
    {
        var (output, errors, warnings) = (new MemoryStream(), new MemoryStream(), new StringWriter());
        var streams = NewStreams(output, errors, warnings);
        return new TestProcess(ProcessSnapshot.Restore(snapshot, streams), streams, output, errors, warnings);
    }

    public static LinuxStreams NewStreams(MemoryStream output, MemoryStream errors, StringWriter warnings) =>
        new(new MemoryStream(), output, errors, warnings);
}
