namespace Ivm.Emulator.Linux;

/// <summary>The host streams behind the program's file descriptors 0, 1 and 2, and where warnings go.</summary>
public sealed record LinuxStreams(Stream Input, Stream Output, Stream Error, TextWriter Warnings)
{
    /// <summary>
    /// Which of descriptors 0-2 are terminals (bit n for descriptor n): for those, ioctl answers the
    /// terminal requests (TCGETS, TIOCGWINSZ) as a tty would, so a C library line-buffers them.
    /// </summary>
    public int TerminalDescriptors { get; init; }

    /// <summary>The terminal's size in columns and rows, when any descriptor is a terminal.</summary>
    public (int Columns, int Rows) TerminalSize { get; init; } = (80, 24);
}
