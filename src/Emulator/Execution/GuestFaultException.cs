namespace Ivm.Emulator.Execution;

/// <summary>
/// A fault raised by an instruction. The run loop adds where it happened (IP, slot, instruction) and
/// ends the program with <see cref="FaultKindExtensions.Signal"/>; faults are rare, so an exception
/// keeps the instruction handlers free of error plumbing.
/// </summary>
public sealed class GuestFaultException(FaultKind kind, string detail, int signal = 0) : Exception(detail)
{
    public FaultKind Kind { get; } = kind;

    /// <summary>The signal that ends the program (the fault's usual one unless the raiser chose).</summary>
    public int Signal { get; } = signal != 0 ? signal : kind.Signal();
}
