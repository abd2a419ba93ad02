namespace Ivm.Emulator.Memory;

/// <summary>The kind of guest access, which decides the permission it needs.</summary>
public enum MemoryAccess : byte
{
    Read,
    Write,
    Execute,
}
