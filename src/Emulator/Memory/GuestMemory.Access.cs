using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ivm.Emulator.Memory;

// Loads and stores. The sized accesses take a fast path when the access stays inside one page and
// that page is in the last-page cache; everything else (page crossing, cache miss, faults) goes
// through the span paths, which check every page before copying a byte.
public sealed partial class GuestMemory
{
    public byte Read8(ulong address) => ReadablePage(address)[(int)(address & PageOffsetMask)];

    public ushort Read16(ulong address) => ReadScalar<ushort>(address);

    public uint Read32(ulong address) => ReadScalar<uint>(address);

    public ulong Read64(ulong address) => ReadScalar<ulong>(address);

    public UInt128 Read128(ulong address)
    {
        int offset = (int)(address & PageOffsetMask);
        if (offset <= PageSize - 16)
        {
            byte[] data = ReadablePage(address);
            return BinaryPrimitives.ReadUInt128LittleEndian(data.AsSpan(offset, 16));
        }
        Span<byte> bytes = stackalloc byte[16];
        Read(address, bytes);
        return BinaryPrimitives.ReadUInt128LittleEndian(bytes);
    }

    public void Write8(ulong address, byte value)
    {
        var page = WritablePage(address);
        page.Data![(int)(address & PageOffsetMask)] = value;
        MarkWritten(page);
    }

    public void Write16(ulong address, ushort value) => WriteScalar(address, value);

    public void Write32(ulong address, uint value) => WriteScalar(address, value);

    public void Write64(ulong address, ulong value) => WriteScalar(address, value);

    public void Write128(ulong address, UInt128 value)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128LittleEndian(bytes, value);
        Write(address, bytes);
    }

    /// <summary>
    /// Copies guest bytes into <paramref name="destination"/>, checking that every page is mapped
    /// and allows <paramref name="access"/> before copying anything.
    /// </summary>
    public void Read(ulong address, Span<byte> destination, MemoryAccess access = MemoryAccess.Read)
    {
        CheckRange(address, destination.Length, access);
        int done = 0;
        while (done < destination.Length)
        {
            ulong at = address + (ulong)done;
            int offset = (int)(at & PageOffsetMask);
            int chunk = Math.Min(PageSize - offset, destination.Length - done);
            byte[] data = _pages[at >> PageShift].Data ?? ZeroPage;
            data.AsSpan(offset, chunk).CopyTo(destination.Slice(done, chunk));
            done += chunk;
        }
    }

    /// <summary>Stores guest bytes; every page must be mapped and writable, and all are checked
    /// (and backed) before anything is written, so a fault leaves memory unchanged.</summary>
    public void Write(ulong address, ReadOnlySpan<byte> source) => Store(address, source, MemoryAccess.Write);

    /// <summary>
    /// Stores bytes for the loader or kernel emulation (ELF segments, the initial stack, syscall
    /// results) regardless of the Write permission; pages must still be mapped. Marks pages dirty
    /// and bumps their versions like any write.
    /// </summary>
    public void Load(ulong address, ReadOnlySpan<byte> source) => Store(address, source, access: null);

    /// <summary>
    /// The bytes of the page holding <paramref name="pageAddress"/> for instruction fetch (zeros if
    /// never written). The page must allow Execute. The span is only valid until the next mapping
    /// change; re-check <see cref="PageVersion"/> to notice writes.
    /// </summary>
    public ReadOnlySpan<byte> CodePage(ulong pageAddress)
    {
        ulong number = pageAddress >> PageShift;
        if (number != _executePage)
        {
            _executeData = Translate(pageAddress, MemoryAccess.Execute).Data ?? ZeroPage;
            _executePage = number;
        }
        return _executeData;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private T ReadScalar<T>(ulong address) where T : unmanaged
    {
        int offset = (int)(address & PageOffsetMask);
        if (offset <= PageSize - Unsafe.SizeOf<T>())
        {
            byte[] data = ReadablePage(address);
            return FromLittleEndian(Unsafe.ReadUnaligned<T>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(data), offset)));
        }
        return ReadScalarAcrossPages<T>(address);
    }

    private T ReadScalarAcrossPages<T>(ulong address) where T : unmanaged
    {
        Span<byte> bytes = stackalloc byte[Unsafe.SizeOf<T>()];
        Read(address, bytes);
        return FromLittleEndian(MemoryMarshal.Read<T>(bytes));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteScalar<T>(ulong address, T value) where T : unmanaged
    {
        int offset = (int)(address & PageOffsetMask);
        if (offset <= PageSize - Unsafe.SizeOf<T>())
        {
            var page = WritablePage(address);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(page.Data!), offset), FromLittleEndian(value));
            MarkWritten(page);
            return;
        }
        WriteScalarAcrossPages(address, value);
    }

    private void WriteScalarAcrossPages<T>(ulong address, T value) where T : unmanaged
    {
        Span<byte> bytes = stackalloc byte[Unsafe.SizeOf<T>()];
        MemoryMarshal.Write(bytes, FromLittleEndian(value));
        Write(address, bytes);
    }

    /// <summary>Byte-swaps on a big-endian host; the JIT folds the test away on little-endian ones.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T FromLittleEndian<T>(T value) where T : unmanaged
    {
        if (BitConverter.IsLittleEndian)
        {
            return value;
        }
        if (typeof(T) == typeof(ushort))
        {
            return (T)(object)BinaryPrimitives.ReverseEndianness((ushort)(object)value);
        }
        if (typeof(T) == typeof(uint))
        {
            return (T)(object)BinaryPrimitives.ReverseEndianness((uint)(object)value);
        }
        return (T)(object)BinaryPrimitives.ReverseEndianness((ulong)(object)value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte[] ReadablePage(ulong address)
    {
        ulong number = address >> PageShift;
        int entry = (int)number & (ReadCacheEntries - 1);
        if (_readPages[entry] == number)
        {
            return _readData[entry];
        }
        return FillReadCache(address);
    }

    private byte[] FillReadCache(ulong address)
    {
        byte[] data = Translate(address, MemoryAccess.Read).Data ?? ZeroPage;
        ulong number = address >> PageShift;
        int entry = (int)number & (ReadCacheEntries - 1);
        _readPages[entry] = number;
        _readData[entry] = data;
        return data;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private GuestPage WritablePage(ulong address)
    {
        if (address >> PageShift == _writePageNumber)
        {
            return _writePage!;
        }
        return FillWriteCache(address);
    }

    private GuestPage FillWriteCache(ulong address)
    {
        var page = Translate(address, MemoryAccess.Write);
        if (page.Data is null)
        {
            Back(page, address, MemoryAccess.Write);
        }
        _writePageNumber = address >> PageShift;
        _writePage = page;
        return page;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void MarkWritten(GuestPage page)
    {
        page.Version = NextVersion();
        // A release store after the data store: a collector that clears this mark and then copies
        // the page sees the data, and a later write sets the mark again. Checking the mark first
        // to skip the store would race with the clear and could lose a write.
        Volatile.Write(ref page.Dirty, 1);
    }

    /// <summary>The mapped page at <paramref name="address"/> allowing <paramref name="access"/>
    /// (any permission when null, for the loader); faults otherwise.</summary>
    private GuestPage Translate(ulong address, MemoryAccess? access)
    {
        if (!_pages.TryGetValue(address >> PageShift, out var page))
        {
            throw new MemoryFaultException(address, access ?? MemoryAccess.Write, MemoryFaultKind.Unmapped);
        }
        if (access is { } kind && (page.Permissions & Required(kind)) == 0)
        {
            throw new MemoryFaultException(address, kind, MemoryFaultKind.Protection);
        }
        return page;
    }

    private static PagePermissions Required(MemoryAccess access) => access switch
    {
        MemoryAccess.Read => PagePermissions.Read,
        MemoryAccess.Write => PagePermissions.Write,
        _ => PagePermissions.Execute,
    };

    /// <summary>Gives a never-written page its storage, within the limit.</summary>
    private void Back(GuestPage page, ulong address, MemoryAccess access)
    {
        if ((_backedPages + 1) > LimitBytes / PageSize)
        {
            throw new MemoryFaultException(address, access, MemoryFaultKind.LimitExceeded);
        }
        page.Data = new byte[PageSize];
        _backedPages++;
        // Caches holding the shared zero page for this page would now hide the writes.
        int entry = (int)(address >> PageShift) & (ReadCacheEntries - 1);
        if (address >> PageShift == _readPages[entry])
        {
            _readData[entry] = page.Data;
        }
        if (address >> PageShift == _executePage)
        {
            _executeData = page.Data;
        }
    }

    /// <summary>Faults on the first byte of [address, address + length) that <paramref name="access"/>
    /// may not touch, including a range that wraps past the top of the address space.</summary>
    private void CheckRange(ulong address, int length, MemoryAccess? access)
    {
        if (length == 0)
        {
            return;
        }
        ulong at = address;
        ulong end = address + (ulong)length;
        while (true)
        {
            Translate(at, access);
            ulong next = (at | PageOffsetMask) + 1;
            if (next == 0)
            {
                if (end != 0 && end <= address)
                {
                    // The access runs past 2^64: the wrapped bytes have no address.
                    throw new MemoryFaultException(0, access ?? MemoryAccess.Write, MemoryFaultKind.Unmapped);
                }
                return;
            }
            if (next - address >= (ulong)length)
            {
                return;
            }
            at = next;
        }
    }

    private void Store(ulong address, ReadOnlySpan<byte> source, MemoryAccess? access)
    {
        CheckRange(address, source.Length, access);
        if (source.IsEmpty)
        {
            return;
        }
        // Back every unbacked page up front so the limit fault, too, comes before any byte changes.
        ulong firstPage = address >> PageShift;
        ulong lastPage = (address + (ulong)(source.Length - 1)) >> PageShift;
        ulong unbacked = 0;
        ulong firstUnbacked = 0;
        for (ulong p = firstPage; p <= lastPage; p++)
        {
            if (_pages[p].Data is null && unbacked++ == 0)
            {
                firstUnbacked = p;
            }
        }
        if (unbacked > LimitBytes / PageSize - _backedPages)
        {
            ulong at = firstUnbacked == firstPage ? address : firstUnbacked << PageShift;
            throw new MemoryFaultException(at, access ?? MemoryAccess.Write, MemoryFaultKind.LimitExceeded);
        }
        int done = 0;
        while (done < source.Length)
        {
            ulong at = address + (ulong)done;
            int offset = (int)(at & PageOffsetMask);
            int chunk = Math.Min(PageSize - offset, source.Length - done);
            var page = _pages[at >> PageShift];
            if (page.Data is null)
            {
                Back(page, at, access ?? MemoryAccess.Write);
            }
            source.Slice(done, chunk).CopyTo(page.Data.AsSpan(offset, chunk));
            MarkWritten(page);
            done += chunk;
        }
    }
}
