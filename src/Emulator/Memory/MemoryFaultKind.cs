namespace Ivm.Emulator.Memory;

public enum MemoryFaultKind : byte
{
    /// <summary>No page is mapped at the address.</summary>
    Unmapped,

    /// <summary>The page is mapped without the permission the access needs.</summary>
    Protection,

    /// <summary>Backing the page would exceed the guest's memory limit.</summary>
    LimitExceeded,
}
