namespace Ivm.Emulator.Memory;

/// <summary>A run of consecutive mapped pages with the same permissions.</summary>
public readonly record struct PageRun(ulong FirstPage, ulong PageCount, PagePermissions Permissions);

// Live migration reads the memory from the migration's thread while the vCPU keeps running, and
// builds the target's memory before any vCPU runs on it. Nothing here touches the access path: the
// only cost to a guest that is not migrating is the dirty mark its stores already set.
public sealed partial class GuestMemory
{
    /// <summary>
    /// The mapped pages as ascending runs. Safe while the vCPU runs (the table is read under the
    /// shape lock); a mapping changed afterwards shows in the next call, which the migration makes
    /// again once the vCPU is paused.
    /// </summary>
    public List<PageRun> MappedLayout()
    {
        (ulong Number, PagePermissions Permissions)[] pages;
        lock (_shapeLock)
        {
            pages = new (ulong, PagePermissions)[_pages.Count];
            int i = 0;
            foreach (var (number, page) in _pages)
            {
                pages[i++] = (number, page.Permissions);
            }
        }

        Array.Sort(pages, (a, b) => a.Number.CompareTo(b.Number));
        var runs = new List<PageRun>();
        foreach (var (number, permissions) in pages)
        {
            if (runs.Count > 0 && runs[^1] is var last && last.FirstPage + last.PageCount == number && last.Permissions == permissions)
            {
                runs[^1] = last with { PageCount = last.PageCount + 1 };
            }
            else
            {
                runs.Add(new PageRun(number, 1, permissions));
            }
        }

        return runs;
    }

    /// <summary>
    /// Appends, ascending, the addresses of every page that has contents (was ever written) and
    /// returns how many: round 0 of a migration. Safe while the vCPU runs.
    /// </summary>
    public int CollectBackedPages(List<ulong> pageAddresses)
    {
        ArgumentNullException.ThrowIfNull(pageAddresses);
        int start = pageAddresses.Count;
        lock (_shapeLock)
        {
            foreach (var (number, page) in _pages)
            {
                if (Volatile.Read(ref page.Data) is not null)
                {
                    pageAddresses.Add(number << PageShift);
                }
            }
        }

        int count = pageAddresses.Count - start;
        pageAddresses.Sort(start, count, null);
        return count;
    }

    /// <summary>
    /// Copies the page at <paramref name="pageAddress"/> into <paramref name="destination"/> (4096
    /// bytes). False, with zeros copied, when the page is unmapped or was never written. Safe while
    /// the vCPU runs: only the lookup takes the shape lock; a write racing with the copy may tear
    /// it, but that write marks the page dirty again after its data, so the page is sent again in
    /// the next round (collect the dirty marks before copying, as a migration round does).
    /// </summary>
    public bool CopyPage(ulong pageAddress, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, PageSize);
        GuestPage? page;
        lock (_shapeLock)
        {
            _pages.TryGetValue(pageAddress >> PageShift, out page);
        }

        if (page is null || Volatile.Read(ref page.Data) is not { } data)
        {
            destination[..PageSize].Clear();
            return false;
        }

        data.AsSpan().CopyTo(destination);
        return true;
    }

    /// <summary>
    /// Makes the mappings exactly <paramref name="runs"/>: pages outside them are dropped with their
    /// contents, pages inside keep what <see cref="InstallPage"/> put there and get the run's
    /// permissions. For the migration target, before any vCPU runs on this memory.
    /// </summary>
    /// <exception cref="InvalidDataException">The runs overlap, are out of order or leave the address space.</exception>
    public void ApplyLayout(IReadOnlyList<PageRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var wanted = new HashSet<ulong>();
        ulong nextFree = 0;
        foreach (var run in runs)
        {
            if (run.PageCount == 0 || run.FirstPage < nextFree || run.FirstPage + run.PageCount < run.FirstPage
                || run.FirstPage + run.PageCount > 1UL << (64 - PageShift) || (ulong)wanted.Count + run.PageCount > MaxSnapshotMappedPages)
            {
                throw new InvalidDataException(
                    $"memory layout run at page 0x{run.FirstPage:x} ({run.PageCount} pages) is empty, overlaps the previous one or leaves the address space");
            }

            for (ulong i = 0; i < run.PageCount; i++)
            {
                wanted.Add(run.FirstPage + i);
            }

            nextFree = run.FirstPage + run.PageCount;
        }

        lock (_shapeLock)
        {
            foreach (ulong number in _pages.Keys.Where(n => !wanted.Contains(n)).ToList())
            {
                if (_pages.Remove(number, out var old) && old.Data is not null)
                {
                    _backedPages--;
                }
            }

            foreach (var run in runs)
            {
                for (ulong i = 0; i < run.PageCount; i++)
                {
                    if (_pages.TryGetValue(run.FirstPage + i, out var page))
                    {
                        page.Permissions = run.Permissions;
                    }
                    else
                    {
                        _pages.Add(run.FirstPage + i, new GuestPage(run.Permissions, NextVersion()));
                    }
                }
            }
        }

        InvalidateTranslationCaches();
    }

    /// <summary>
    /// Sets the contents of the page at <paramref name="pageAddress"/>: <paramref name="contents"/>
    /// (4096 bytes), or zeros when it is empty (an all-zero page sent as a marker). A page not mapped
    /// yet is mapped read-write until <see cref="ApplyLayout"/> gives it its permissions. For the
    /// migration target, before any vCPU runs on this memory.
    /// </summary>
    /// <exception cref="InvalidDataException">The contents are not a page, or would pass the memory limit.</exception>
    public void InstallPage(ulong pageAddress, ReadOnlySpan<byte> contents)
    {
        if (!contents.IsEmpty && contents.Length != PageSize)
        {
            throw new InvalidDataException($"page 0x{pageAddress:x}: {contents.Length} bytes of contents; a page has {PageSize}");
        }

        ulong number = pageAddress >> PageShift;
        if (!_pages.TryGetValue(number, out var page))
        {
            page = new GuestPage(PagePermissions.Read | PagePermissions.Write, NextVersion());
            lock (_shapeLock)
            {
                _pages.Add(number, page);
            }
        }

        if (contents.IsEmpty)
        {
            page.Data?.AsSpan().Clear();
        }
        else
        {
            if (page.Data is null)
            {
                if (_backedPages + 1 > LimitBytes / PageSize)
                {
                    throw new InvalidDataException(
                        $"page 0x{pageAddress:x} would pass the guest's memory limit of {LimitBytes} bytes");
                }

                // Pinned heap: an arriving guest's pages all live long, and young-generation
                // collections would otherwise copy each of them twice while the stream runs.
                page.Data = GC.AllocateUninitializedArray<byte>(PageSize, pinned: true);
                _backedPages++;
            }

            contents.CopyTo(page.Data);
        }

        page.Version = NextVersion();
        InvalidateTranslationCaches();
    }
}
