using System.Text;

namespace Ivm.Emulator.Memory;

// Snapshot format, version 1, all integers little-endian:
//   "IVMGMEM\0" (8 bytes), u32 format version, u64 limit bytes,
//   u64 run count, runs of { u64 first page number, u64 page count, u8 permissions } ascending and
//     disjoint (consecutive pages with equal permissions collapse into one run: compact for
//     large sparse mappings),
//   u64 backed page count, pages of { u64 page number, 4096 bytes } ascending, each inside a run,
//   "IVMGEND\0".
// Versions and dirty marks are not saved: the restored memory is a fresh one with the same contents.
public sealed partial class GuestMemory
{
    private const int SnapshotFormatVersion = 1;
    private static readonly byte[] SnapshotMagic = "IVMGMEM\0"u8.ToArray();
    private static readonly byte[] SnapshotEndMarker = "IVMGEND\0"u8.ToArray();

    /// <summary>The most mapped pages a snapshot may describe (1 TiB), so a corrupt count cannot
    /// make <see cref="Restore"/> build an absurd table before noticing.</summary>
    private const ulong MaxSnapshotMappedPages = 1UL << 28;

    /// <summary>Writes every mapping and every backed page's contents. Call while the vCPU is
    /// stopped: the pages are read without synchronisation.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ulong[] numbers;
        lock (_shapeLock)
        {
            numbers = [.. _pages.Keys];
        }
        Array.Sort(numbers);

        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(SnapshotMagic);
        writer.Write(SnapshotFormatVersion);
        writer.Write(LimitBytes);

        var runs = new List<(ulong First, ulong Count, PagePermissions Permissions)>();
        foreach (ulong number in numbers)
        {
            var permissions = _pages[number].Permissions;
            if (runs.Count > 0 && runs[^1] is var last && last.First + last.Count == number && last.Permissions == permissions)
            {
                runs[^1] = (last.First, last.Count + 1, permissions);
            }
            else
            {
                runs.Add((number, 1, permissions));
            }
        }
        writer.Write((ulong)runs.Count);
        foreach (var (first, count, permissions) in runs)
        {
            writer.Write(first);
            writer.Write(count);
            writer.Write((byte)permissions);
        }

        writer.Write(_backedPages);
        foreach (ulong number in numbers)
        {
            if (_pages[number].Data is { } data)
            {
                writer.Write(number);
                writer.Write(data);
            }
        }
        writer.Write(SnapshotEndMarker);
    }

    /// <summary>Rebuilds the memory <see cref="Save"/> wrote. Corrupt or truncated input raises
    /// <see cref="InvalidDataException"/> saying what is wrong.</summary>
    public static GuestMemory Restore(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            return ReadSnapshot(reader);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("Guest memory snapshot is truncated: the stream ended before the end marker.", e);
        }
    }

    private static GuestMemory ReadSnapshot(BinaryReader reader)
    {
        if (!reader.ReadBytes(SnapshotMagic.Length).AsSpan().SequenceEqual(SnapshotMagic))
        {
            throw new InvalidDataException("Not a guest memory snapshot: the header does not start with \"IVMGMEM\".");
        }
        int version = reader.ReadInt32();
        if (version != SnapshotFormatVersion)
        {
            throw new InvalidDataException(
                $"Guest memory snapshot format version {version} is not supported; this build reads version {SnapshotFormatVersion}.");
        }
        var memory = new GuestMemory(reader.ReadUInt64());

        ulong runCount = reader.ReadUInt64();
        ulong mappedPages = 0;
        ulong nextFree = 0;
        for (ulong r = 0; r < runCount; r++)
        {
            ulong first = reader.ReadUInt64();
            ulong count = reader.ReadUInt64();
            byte permissions = reader.ReadByte();
            if (count == 0 || first < nextFree || first + count < first || first + count > 1UL << (64 - PageShift))
            {
                throw new InvalidDataException(
                    $"Guest memory snapshot mapping {r} (first page 0x{first:x}, {count} pages) is empty, overlaps the previous one or leaves the address space.");
            }
            if (permissions > (byte)(PagePermissions.Read | PagePermissions.Write | PagePermissions.Execute))
            {
                throw new InvalidDataException(
                    $"Guest memory snapshot mapping {r} has permissions 0x{permissions:x2}; only Read (1), Write (2) and Execute (4) exist.");
            }
            mappedPages += count;
            if (mappedPages > MaxSnapshotMappedPages)
            {
                throw new InvalidDataException(
                    $"Guest memory snapshot maps more than {MaxSnapshotMappedPages} pages; the mapping table is corrupt.");
            }
            for (ulong i = 0; i < count; i++)
            {
                memory._pages.Add(first + i, new GuestPage((PagePermissions)permissions, memory.NextVersion()));
            }
            nextFree = first + count;
        }

        ulong backed = reader.ReadUInt64();
        if (backed > mappedPages || backed > memory.LimitBytes / PageSize)
        {
            throw new InvalidDataException(
                $"Guest memory snapshot claims {backed} backed pages, more than its {mappedPages} mapped pages or its limit of {memory.LimitBytes} bytes allows.");
        }
        ulong previous = 0;
        for (ulong b = 0; b < backed; b++)
        {
            ulong number = reader.ReadUInt64();
            if (b > 0 && number <= previous)
            {
                throw new InvalidDataException(
                    $"Guest memory snapshot page 0x{number << PageShift:x} is out of order or repeated.");
            }
            if (!memory._pages.TryGetValue(number, out var page))
            {
                throw new InvalidDataException(
                    $"Guest memory snapshot has contents for page 0x{number << PageShift:x}, which no mapping covers.");
            }
            page.Data = new byte[PageSize];
            reader.BaseStream.ReadExactly(page.Data);
            memory._backedPages++;
            previous = number;
        }

        if (!reader.ReadBytes(SnapshotEndMarker.Length).AsSpan().SequenceEqual(SnapshotEndMarker))
        {
            throw new InvalidDataException("Guest memory snapshot is corrupt: the end marker is missing after the page contents.");
        }
        return memory;
    }
}
