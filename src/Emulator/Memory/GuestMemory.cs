using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Ivm.Emulator.Cpu;

namespace Ivm.Emulator.Memory;

/// <summary>
/// A guest's address space: 4 KiB pages, each mapped with permissions and backed by storage only once
/// it is written (a never-written page reads as zeros and costs nothing, which keeps sparse 64-bit
/// layouts — stack and backing store far above the image — cheap). Pages live in a dictionary by page
/// number; a one-entry cache per access kind makes the common case, repeated accesses to the same
/// page, a compare and an index. Every write bumps the page's version (the interpreter's decoded-code
/// cache checks it) and marks it dirty for migration; <see cref="CollectDirtyPages"/> may run on
/// another thread while the guest runs.
/// </summary>
public sealed partial class GuestMemory : IBackingStore
{
    public const int PageShift = 12;
    public const int PageSize = 1 << PageShift;
    private const ulong OffsetMask = PageSize - 1;

    private readonly Dictionary<ulong, Page> _pages = [];
    private readonly Lock _mapLock = new();
    private Page? _lastRead, _lastWrite;
    private ulong _lastReadNumber = ulong.MaxValue, _lastWriteNumber = ulong.MaxValue;

    internal sealed class Page(PagePermissions permissions)
    {
        public PagePermissions Permissions = permissions;
        public byte[]? Data;
        public uint Version;
        public int Dirty;
    }

    public GuestMemory(ulong limitBytes = ulong.MaxValue)
    {
        LimitBytes = limitBytes;
    }

    public ulong LimitBytes { get; }

    /// <summary>Bytes of pages that hold storage (pages written at least once).</summary>
    public ulong BackedBytes { get; private set; }

    public void Map(ulong address, ulong length, PagePermissions permissions)
    {
        lock (_mapLock)
        {
            foreach (ulong number in PageNumbers(address, length))
            {
                if (_pages.TryGetValue(number, out var page))
                {
                    Release(page);
                }

                _pages[number] = new Page(permissions);
            }

            ForgetCachedPages();
        }
    }

    public void Unmap(ulong address, ulong length)
    {
        lock (_mapLock)
        {
            foreach (ulong number in PageNumbers(address, length))
            {
                if (_pages.Remove(number, out var page))
                {
                    Release(page);
                }
            }

            ForgetCachedPages();
        }
    }

    public void Protect(ulong address, ulong length, PagePermissions permissions)
    {
        lock (_mapLock)
        {
            var numbers = PageNumbers(address, length).ToList();
            foreach (ulong number in numbers)
            {
                if (!_pages.ContainsKey(number))
                {
                    throw new MemoryFaultException(number << PageShift, MemoryAccess.Read, MemoryFaultKind.Unmapped);
                }
            }

            foreach (ulong number in numbers)
            {
                _pages[number].Permissions = permissions;
            }

            ForgetCachedPages();
        }
    }

    public bool IsMapped(ulong address) => _pages.ContainsKey(address >> PageShift);

    public PagePermissions PermissionsAt(ulong address) =>
        _pages.TryGetValue(address >> PageShift, out var page) ? page.Permissions : PagePermissions.None;

    /// <summary>The lowest page-aligned address at or above <paramref name="hint"/> with <paramref name="length"/> bytes unmapped.</summary>
    public ulong FindFree(ulong hint, ulong length)
    {
        ulong pages = Math.Max(1, (length + OffsetMask) >> PageShift);
        ulong start = (hint + OffsetMask) >> PageShift;
        lock (_mapLock)
        {
            var taken = _pages.Keys.Where(n => n >= start).Order().ToList();
            foreach (ulong number in taken)
            {
                if (number >= start + pages)
                {
                    break;
                }

                start = number + 1;
            }
        }

        return start << PageShift;
    }

    /// <summary>Incremented by every write to the page holding <paramref name="address"/>.</summary>
    public uint PageVersion(ulong address) => _pages.TryGetValue(address >> PageShift, out var page) ? page.Version : 0;

    /// <summary>The page's bytes for instruction fetch (Execute permission required); zeros if never written.</summary>
    public ReadOnlySpan<byte> CodePage(ulong pageAddress)
    {
        var page = Find(pageAddress, MemoryAccess.Execute);
        return page.Data ?? s_zeroPage;
    }

    private static readonly byte[] s_zeroPage = new byte[PageSize];

    private static IEnumerable<ulong> PageNumbers(ulong address, ulong length)
    {
        if (length == 0)
        {
            yield break;
        }

        ulong first = address >> PageShift, last = (address + length - 1) >> PageShift;
        for (ulong n = first; n <= last && n >= first; n++)
        {
            yield return n;
        }
    }

    private void Release(Page page)
    {
        if (page.Data is not null)
        {
            BackedBytes -= PageSize;
            page.Data = null;
        }
    }

    private void ForgetCachedPages()
    {
        _lastRead = _lastWrite = null;
        _lastReadNumber = _lastWriteNumber = ulong.MaxValue;
    }

    private Page Find(ulong address, MemoryAccess access)
    {
        if (!_pages.TryGetValue(address >> PageShift, out var page))
        {
            throw new MemoryFaultException(address, access, MemoryFaultKind.Unmapped);
        }

        var needed = access switch
        {
            MemoryAccess.Read => PagePermissions.Read,
            MemoryAccess.Write => PagePermissions.Write,
            _ => PagePermissions.Execute,
        };
        if ((page.Permissions & needed) == 0)
        {
            throw new MemoryFaultException(address, access, MemoryFaultKind.Protection);
        }

        return page;
    }

    // Gives the page storage on first write, within the limit.
    private byte[] Backing(Page page, ulong address)
    {
        if (page.Data is { } data)
        {
            return data;
        }

        if (BackedBytes + PageSize > LimitBytes)
        {
            throw new MemoryFaultException(address, MemoryAccess.Write, MemoryFaultKind.LimitExceeded);
        }

        BackedBytes += PageSize;
        return page.Data = new byte[PageSize];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> ReadSpan(ulong address, int size)
    {
        var page = Cached(address, MemoryAccess.Read, ref _lastRead, ref _lastReadNumber);
        return (page.Data ?? s_zeroPage).AsSpan((int)(address & OffsetMask), size);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> WriteSpan(ulong address, int size)
    {
        var page = Cached(address, MemoryAccess.Write, ref _lastWrite, ref _lastWriteNumber);
        var data = Backing(page, address);
        page.Version++;
        if (page.Dirty == 0)
        {
            Volatile.Write(ref page.Dirty, 1);
        }

        return data.AsSpan((int)(address & OffsetMask), size);
    }

    // The page of an access through its one-entry cache (refilled, with the permission check, on a miss).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Page Cached(ulong address, MemoryAccess access, ref Page? last, ref ulong lastNumber)
    {
        ulong number = address >> PageShift;
        if (number == lastNumber)
        {
            return last!;
        }

        var page = Find(address, access);
        (last, lastNumber) = (page, number);
        return page;
    }

    private static bool Crosses(ulong address, int size) => (address & OffsetMask) > (ulong)(PageSize - size);
}
