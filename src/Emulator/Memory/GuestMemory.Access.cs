using System.Buffers.Binary;

namespace Ivm.Emulator.Memory;

/// <summary>Little-endian loads and stores of any size and alignment, page-crossing included.</summary>
public sealed partial class GuestMemory
{
    public byte Read8(ulong address) => ReadSpan(address, 1)[0];

    public ushort Read16(ulong address) => Crosses(address, 2) ? BinaryPrimitives.ReadUInt16LittleEndian(ReadSlow(address, 2)) : BinaryPrimitives.ReadUInt16LittleEndian(ReadSpan(address, 2));

    public uint Read32(ulong address) => Crosses(address, 4) ? BinaryPrimitives.ReadUInt32LittleEndian(ReadSlow(address, 4)) : BinaryPrimitives.ReadUInt32LittleEndian(ReadSpan(address, 4));

    public ulong Read64(ulong address) => Crosses(address, 8) ? BinaryPrimitives.ReadUInt64LittleEndian(ReadSlow(address, 8)) : BinaryPrimitives.ReadUInt64LittleEndian(ReadSpan(address, 8));

    public UInt128 Read128(ulong address) => Crosses(address, 16) ? BinaryPrimitives.ReadUInt128LittleEndian(ReadSlow(address, 16)) : BinaryPrimitives.ReadUInt128LittleEndian(ReadSpan(address, 16));

    public void Write8(ulong address, byte value) => WriteSpan(address, 1)[0] = value;

    public void Write16(ulong address, ushort value)
    {
        if (Crosses(address, 2))
        {
            WriteCrossing(address, value, 2);
            return;
        }

        BinaryPrimitives.WriteUInt16LittleEndian(WriteSpan(address, 2), value);
    }

    public void Write32(ulong address, uint value)
    {
        if (Crosses(address, 4))
        {
            WriteCrossing(address, value, 4);
            return;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(WriteSpan(address, 4), value);
    }

    public void Write64(ulong address, ulong value)
    {
        if (Crosses(address, 8))
        {
            WriteCrossing(address, value, 8);
            return;
        }

        BinaryPrimitives.WriteUInt64LittleEndian(WriteSpan(address, 8), value);
    }

    public void Write128(ulong address, UInt128 value)
    {
        if (Crosses(address, 16))
        {
            WriteCrossing(address, value, 16);
            return;
        }

        BinaryPrimitives.WriteUInt128LittleEndian(WriteSpan(address, 16), value);
    }

    /// <summary>Copies guest bytes out; every page touched must allow <paramref name="access"/>.</summary>
    public void Read(ulong address, Span<byte> destination, MemoryAccess access = MemoryAccess.Read)
    {
        foreach (var (start, _, _) in Pieces(address, destination.Length))
        {
            Find(start, access);
        }

        int done = 0;
        foreach (var (start, offset, length) in Pieces(address, destination.Length))
        {
            var data = _pages[start >> PageShift].Data ?? s_zeroPage;
            data.AsSpan(offset, length).CopyTo(destination[done..]);
            done += length;
        }
    }

    /// <summary>Copies bytes into the guest; all pages are checked before any is written.</summary>
    public void Write(ulong address, ReadOnlySpan<byte> source) => Copy(address, source, MemoryAccess.Write);

    /// <summary>Writes as the loader or the kernel does, regardless of the Write permission (pages must be mapped).</summary>
    public void Load(ulong address, ReadOnlySpan<byte> source) => Copy(address, source, MemoryAccess.Read);

    // The low `size` bytes of value, written across a page boundary (both pages checked first).
    private void WriteCrossing(ulong address, UInt128 value, int size)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128LittleEndian(bytes, value);
        Write(address, bytes[..size]);
    }

    private byte[] ReadSlow(ulong address, int size)
    {
        var bytes = new byte[size];
        Read(address, bytes);
        return bytes;
    }

    // `check` is the permission each page must have: Write for guest stores, Read (any mapping) for loads by the loader.
    private void Copy(ulong address, ReadOnlySpan<byte> source, MemoryAccess check)
    {
        ulong newPages = 0;
        foreach (var (start, _, _) in Pieces(address, source.Length))
        {
            var page = check == MemoryAccess.Write ? Find(start, MemoryAccess.Write)
                : _pages.TryGetValue(start >> PageShift, out var p) ? p
                : throw new MemoryFaultException(start, MemoryAccess.Write, MemoryFaultKind.Unmapped);
            newPages += page.Data is null ? 1UL : 0;
        }

        if (BackedBytes + newPages * PageSize > LimitBytes)
        {
            throw new MemoryFaultException(address, MemoryAccess.Write, MemoryFaultKind.LimitExceeded);
        }

        int done = 0;
        foreach (var (start, offset, length) in Pieces(address, source.Length))
        {
            var page = _pages[start >> PageShift];
            var data = Backing(page, start);
            source.Slice(done, length).CopyTo(data.AsSpan(offset));
            page.Version++;
            Volatile.Write(ref page.Dirty, 1);
            done += length;
        }
    }

    // The runs of a range that fall in one page each: (address of the run, offset in its page, length).
    private static IEnumerable<(ulong Start, int Offset, int Length)> Pieces(ulong address, int length)
    {
        while (length > 0)
        {
            int offset = (int)(address & OffsetMask);
            int run = Math.Min(length, PageSize - offset);
            yield return (address, offset, run);
            address += (ulong)run;
            length -= run;
        }
    }
}
