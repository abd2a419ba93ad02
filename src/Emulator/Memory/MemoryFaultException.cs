namespace Ivm.Emulator.Memory;

/// <summary>An access the guest's address space does not allow; no memory was changed by it.</summary>
public sealed class MemoryFaultException(ulong address, MemoryAccess access, MemoryFaultKind kind)
    : Exception($"{access} of 0x{address:x}: {kind}")
{
    public ulong Address { get; } = address;

    public MemoryAccess Access { get; } = access;

    public MemoryFaultKind Kind { get; } = kind;
}
