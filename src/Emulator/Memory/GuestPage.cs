namespace Ivm.Emulator.Memory;

/// <summary>
/// One mapped 4 KiB guest page. Fields, not properties, because the access path touches them on
/// every write; only <see cref="GuestMemory"/> uses this type.
/// </summary>
internal sealed class GuestPage
{
    public PagePermissions Permissions;

    /// <summary>Null until the first write: reads of a never-written page see zeros for free.</summary>
    public byte[]? Data;

    /// <summary>
    /// Taken from a memory-wide clock rather than counted per page, so a page unmapped and mapped
    /// again never repeats a version the interpreter's decoded-bundle cache may still hold.
    /// </summary>
    public uint Version;

    /// <summary>
    /// 1 when written since the last dirty collection. Set with a plain release store by the vCPU
    /// and cleared with Interlocked.Exchange by the collector, so neither side takes a lock.
    /// </summary>
    public int Dirty;

    public GuestPage(PagePermissions permissions, uint version)
    {
        Permissions = permissions;
        Version = version;
    }
}
