namespace Ivm.Emulator.Memory;

/// <summary>The kind of access a fault happened on.</summary>
public enum MemoryAccess : byte
{
    Read,
    Write,
    Execute,
}
