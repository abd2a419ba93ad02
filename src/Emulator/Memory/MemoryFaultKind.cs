namespace Ivm.Emulator.Memory;

/// <summary>Why a guest memory access failed.</summary>
public enum MemoryFaultKind : byte
{
    /// <summary>No mapping covers the address.</summary>
    Unmapped,

    /// <summary>The page is mapped but does not allow the access.</summary>
    Protection,

    /// <summary>Backing the page would exceed the memory's limit.</summary>
    LimitExceeded,
}
