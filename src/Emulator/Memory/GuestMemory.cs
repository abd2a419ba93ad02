using System.Runtime.CompilerServices;
using Ivm.Emulator.Cpu;

namespace Ivm.Emulator.Memory;

/// <summary>
/// The guest's 64-bit virtual address space: page mappings with permissions, lazily backed 4 KiB
/// pages, per-page write versions for the decoded-bundle cache and dirty marks for migration.
/// One vCPU thread does all accesses and mapping changes; <see cref="CollectDirtyPages"/> may run on
/// another thread at the same time.
/// </summary>
/// <remarks>
/// Pages live in a dictionary keyed by page number rather than a multi-level table: IA-64 Linux
/// spreads a process over regions 2^61 bytes apart (text at 0x4000..., data at 0x6000..., stack
/// near the top of region 3), so a radix table needs four or five levels of mostly empty nodes,
/// while the per-access-kind last-page caches below make the lookup itself rare on the hot path.
/// </remarks>
public sealed partial class GuestMemory : IBackingStore
{
    public const int PageShift = 12;
    public const int PageSize = 4096;

    private const ulong PageOffsetMask = PageSize - 1;

    /// <summary>No page number can be this (page numbers are below 2^52): an empty cache slot.</summary>
    private const ulong NoPage = ulong.MaxValue;

    /// <summary>What reads of mapped, never-written pages see; never written itself.</summary>
    private static readonly byte[] ZeroPage = new byte[PageSize];

    private readonly Dictionary<ulong, GuestPage> _pages = [];

    /// <summary>
    /// Held only while the page dictionary changes shape (vCPU thread) or is enumerated by the
    /// dirty collector; the access path never takes it because it runs on the only mutating thread.
    /// </summary>
    private readonly Lock _shapeLock = new();

    private ulong _backedPages;
    private uint _versionClock;

    // Translation caches per access kind, so the common case is a compare and an array access.
    // Reads use a small direct-mapped cache (a loop reading two arrays must not evict one page with
    // the other); writes and instruction fetch keep the last page. Read and execute caches hold the
    // bytes (the shared zero page while unbacked); the write cache holds the page, whose data is
    // always allocated by the time it is cached.
    private const int ReadCacheEntries = 16;
    private readonly ulong[] _readPages = NewReadPages();
    private readonly byte[][] _readData = NewReadData();
    private ulong _writePageNumber = NoPage;
    private GuestPage? _writePage;
    private ulong _executePage = NoPage;
    private byte[] _executeData = ZeroPage;

    /// <param name="limitBytes">The most bytes of pages that may be backed (written to).</param>
    public GuestMemory(ulong limitBytes = ulong.MaxValue)
    {
        LimitBytes = limitBytes;
    }

    /// <summary>The most bytes of backed pages; a write that would back more faults with
    /// <see cref="MemoryFaultKind.LimitExceeded"/>.</summary>
    public ulong LimitBytes { get; }

    /// <summary>Bytes of pages actually allocated because something was written to them.</summary>
    public ulong BackedBytes => _backedPages * PageSize;

    /// <summary>
    /// Maps the pages covering [address, address + length) with zero contents, replacing any
    /// mapping already there (as mmap with MAP_FIXED does). Pages are allocated on first write.
    /// </summary>
    public void Map(ulong address, ulong length, PagePermissions permissions)
    {
        var (first, count) = PageRange(address, length);
        lock (_shapeLock)
        {
            for (ulong i = 0; i < count; i++)
            {
                ulong page = first + i;
                if (_pages.Remove(page, out var old) && old.Data is not null)
                {
                    _backedPages--;
                }
                _pages.Add(page, new GuestPage(permissions, NextVersion()));
            }
        }
        InvalidateTranslationCaches();
    }

    /// <summary>Unmaps the pages covering [address, address + length) and frees their storage;
    /// pages already unmapped are ignored, as munmap does.</summary>
    public void Unmap(ulong address, ulong length)
    {
        var (first, count) = PageRange(address, length);
        lock (_shapeLock)
        {
            for (ulong i = 0; i < count; i++)
            {
                if (_pages.Remove(first + i, out var old) && old.Data is not null)
                {
                    _backedPages--;
                }
            }
        }
        InvalidateTranslationCaches();
    }

    /// <summary>
    /// Changes the permissions of the pages covering [address, address + length). Every page must
    /// be mapped, else <see cref="MemoryFaultException"/> (Unmapped) and nothing changes.
    /// </summary>
    public void Protect(ulong address, ulong length, PagePermissions permissions)
    {
        var (first, count) = PageRange(address, length);
        for (ulong i = 0; i < count; i++)
        {
            if (!_pages.ContainsKey(first + i))
            {
                ulong at = i == 0 ? address : (first + i) << PageShift;
                throw new MemoryFaultException(at, MemoryAccess.Write, MemoryFaultKind.Unmapped);
            }
        }
        for (ulong i = 0; i < count; i++)
        {
            _pages[first + i].Permissions = permissions;
        }
        InvalidateTranslationCaches();
    }

    public bool IsMapped(ulong address) => _pages.ContainsKey(address >> PageShift);

    /// <summary>The permissions of the page holding <paramref name="address"/>; None when unmapped.</summary>
    public PagePermissions PermissionsAt(ulong address) =>
        _pages.TryGetValue(address >> PageShift, out var page) ? page.Permissions : PagePermissions.None;

    /// <summary>
    /// The lowest page-aligned address at or above <paramref name="hint"/> (rounded up to a page)
    /// where <paramref name="length"/> bytes (rounded up to pages) are all unmapped; for mmap without
    /// MAP_FIXED. Throws <see cref="MemoryFaultException"/> (LimitExceeded) when no such range fits
    /// below 2^64.
    /// </summary>
    public ulong FindFree(ulong hint, ulong length)
    {
        ulong pages = Math.Max(1, (length >> PageShift) + ((length & PageOffsetMask) != 0 ? 1UL : 0));
        ulong candidate = (hint >> PageShift) + ((hint & PageOffsetMask) != 0 ? 1UL : 0);
        const ulong pageLimit = 1UL << (64 - PageShift);
        ulong found = pages <= ProbeFindFreePages
            ? FindFreeByProbing(candidate, pages, pageLimit)
            : FindFreeByGaps(candidate, pages, pageLimit);
        if (found != NoPage)
        {
            return found << PageShift;
        }
        throw new MemoryFaultException(hint, MemoryAccess.Read, MemoryFaultKind.LimitExceeded);
    }

    /// <summary>Up to this many pages FindFree probes the table page by page (cheap for the usual
    /// small mmap); above it, it walks the gaps between the sorted mapped pages instead, whose cost
    /// does not depend on the length asked for.</summary>
    private const ulong ProbeFindFreePages = 256;

    private ulong FindFreeByProbing(ulong candidate, ulong pages, ulong pageLimit)
    {
        while (candidate <= pageLimit - pages)
        {
            // The candidate moves past the last mapped page in its window, so the scan is linear
            // in the distance searched.
            ulong blocker = NoPage;
            for (ulong i = 0; i < pages; i++)
            {
                if (_pages.ContainsKey(candidate + i))
                {
                    blocker = candidate + i;
                }
            }
            if (blocker == NoPage)
            {
                return candidate;
            }
            candidate = blocker + 1;
        }
        return NoPage;
    }

    private ulong FindFreeByGaps(ulong candidate, ulong pages, ulong pageLimit)
    {
        if (pages > pageLimit)
        {
            return NoPage;
        }
        ulong[] mapped = [.. _pages.Keys];
        Array.Sort(mapped);
        foreach (ulong number in mapped)
        {
            if (number < candidate)
            {
                continue;
            }
            if (number - candidate >= pages)
            {
                return candidate;
            }
            candidate = number + 1;
        }
        return candidate <= pageLimit - pages ? candidate : NoPage;
    }

    /// <summary>
    /// A number that changes on every write to the page holding <paramref name="address"/> (and
    /// when the page is mapped afresh); 0 when unmapped. Compare for equality only.
    /// </summary>
    public uint PageVersion(ulong address) =>
        _pages.TryGetValue(address >> PageShift, out var page) ? page.Version : 0;

    /// <summary>
    /// Changes whenever a mapping or a permission changes (map, unmap, protect). The interpreter's
    /// decoded-code cache holds a page object and its version; while this number is unchanged the
    /// object is still the page at that address and its version field alone shows writes.
    /// </summary>
    public uint MappingGeneration { get; private set; }

    /// <summary>The page at <paramref name="address"/> if it allows Execute; faults otherwise.</summary>
    internal GuestPage ExecutablePage(ulong address) => Translate(address, MemoryAccess.Execute);

    /// <summary>
    /// Appends, in ascending order, the addresses of pages written since the last call, clears
    /// their marks and returns how many were appended. Safe to call from another thread while the
    /// vCPU runs: a write racing with collection is reported now or by the next call, never lost.
    /// Pages unmapped since they were written are not reported.
    /// </summary>
    public int CollectDirtyPages(List<ulong> pageAddresses)
    {
        ArgumentNullException.ThrowIfNull(pageAddresses);
        int start = pageAddresses.Count;
        lock (_shapeLock)
        {
            foreach (var (number, page) in _pages)
            {
                if (Volatile.Read(ref page.Dirty) != 0 && Interlocked.Exchange(ref page.Dirty, 0) != 0)
                {
                    pageAddresses.Add(number << PageShift);
                }
            }
        }
        int count = pageAddresses.Count - start;
        pageAddresses.Sort(start, count, null);
        return count;
    }

    private static ulong[] NewReadPages()
    {
        var pages = new ulong[ReadCacheEntries];
        Array.Fill(pages, NoPage);
        return pages;
    }

    private static byte[][] NewReadData()
    {
        var data = new byte[ReadCacheEntries][];
        Array.Fill(data, ZeroPage);
        return data;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint NextVersion() => ++_versionClock == 0 ? ++_versionClock : _versionClock;

    private void InvalidateTranslationCaches()
    {
        MappingGeneration++;
        Array.Fill(_readPages, NoPage);
        Array.Fill(_readData, ZeroPage);
        _writePageNumber = NoPage;
        _writePage = null;
        _executePage = NoPage;
        _executeData = ZeroPage;
    }

    /// <summary>First page number and page count covering [address, address + length).</summary>
    private static (ulong First, ulong Count) PageRange(ulong address, ulong length)
    {
        if (length == 0)
        {
            return (address >> PageShift, 0);
        }
        ulong last = address + (length - 1);
        if (last < address)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length,
                $"The range at 0x{address:x} of {length} bytes runs past the end of the 64-bit address space.");
        }
        ulong first = address >> PageShift;
        return (first, (last >> PageShift) - first + 1);
    }
}
