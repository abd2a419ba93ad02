namespace Ivm.Emulator.Linux;

/// <summary>
/// A standard-input stream that can tell, without blocking, whether a read would block. Only with
/// such an input can a process in parking mode park in read(0) instead of blocking its thread.
/// </summary>
public interface IPollableInput
{
    /// <summary>True while a read would wait: no bytes buffered and the stream not ended.</summary>
    bool ReadWouldBlock { get; }
}
