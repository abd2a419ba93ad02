namespace Ivm.Emulator.Linux;

/// <summary>The host streams behind the program's file descriptors 0, 1 and 2, and where warnings go.</summary>
public sealed record LinuxStreams(Stream Input, Stream Output, Stream Error, TextWriter Warnings);
