using System.Globalization;

namespace Ivm.Emulator.Memory;

/// <summary>
/// A guest access to an unmapped page, a permission violation, or a write that would back more
/// pages than the limit allows. The interpreter turns it into the guest's SIGSEGV (or ENOMEM).
/// </summary>
public sealed class MemoryFaultException : Exception
{
    public MemoryFaultException(ulong address, MemoryAccess access, MemoryFaultKind kind)
        : base(Describe(address, access, kind))
    {
        Address = address;
        Access = access;
        Kind = kind;
    }

    /// <summary>The first faulting byte's guest address.</summary>
    public ulong Address { get; }

    public MemoryAccess Access { get; }

    public MemoryFaultKind Kind { get; }

    private static string Describe(ulong address, MemoryAccess access, MemoryFaultKind kind)
    {
        string what = access switch
        {
            MemoryAccess.Read => "read",
            MemoryAccess.Write => "write",
            _ => "instruction fetch",
        };
        string at = address.ToString("x16", CultureInfo.InvariantCulture);
        return kind switch
        {
            MemoryFaultKind.Unmapped => $"Guest {what} at 0x{at}: the address is not mapped.",
            MemoryFaultKind.Protection => $"Guest {what} at 0x{at}: the page does not allow {what}s.",
            _ => $"Guest {what} at 0x{at}: backing another page would exceed the guest memory limit.",
        };
    }
}
