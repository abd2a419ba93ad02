using System.Text;

namespace Ivm.Emulator.Memory;

/// <summary>Dirty-page collection for migration, and the complete contents as a snapshot.</summary>
public sealed partial class GuestMemory
{
    private static readonly byte[] s_magic = "IVMMEM\0\u0001"u8.ToArray();

    /// <summary>Appends the addresses of pages written since the last call and clears their marks.</summary>
    public int CollectDirtyPages(List<ulong> pageAddresses)
    {
        int count = 0;
        lock (_mapLock)
        {
            foreach (var (number, page) in _pages)
            {
                if (Interlocked.Exchange(ref page.Dirty, 0) != 0)
                {
                    pageAddresses.Add(number << PageShift);
                    count++;
                }
            }
        }

        return count;
    }

    /// <summary>Writes every mapping and every backed page (a versioned binary format).</summary>
    public void Save(Stream stream)
    {
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(s_magic);
        w.Write(LimitBytes);
        lock (_mapLock)
        {
            w.Write(_pages.Count);
            foreach (var (number, page) in _pages.OrderBy(p => p.Key))
            {
                w.Write(number);
                w.Write((byte)page.Permissions);
                w.Write(page.Data is not null);
                if (page.Data is not null)
                {
                    w.Write(page.Data);
                }
            }
        }
    }

    public static GuestMemory Restore(Stream stream)
    {
        try
        {
            using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            if (!r.ReadBytes(s_magic.Length).AsSpan().SequenceEqual(s_magic))
            {
                throw new InvalidDataException("not an Ivm memory snapshot (bad magic or version)");
            }

            var memory = new GuestMemory(r.ReadUInt64());
            int count = r.ReadInt32();
            if (count < 0)
            {
                throw new InvalidDataException("memory snapshot has a negative page count");
            }

            for (int i = 0; i < count; i++)
            {
                ulong number = r.ReadUInt64();
                var permissions = (PagePermissions)r.ReadByte();
                if ((permissions & ~(PagePermissions.Read | PagePermissions.Write | PagePermissions.Execute)) != 0
                    || memory._pages.ContainsKey(number))
                {
                    throw new InvalidDataException($"memory snapshot page {i} is malformed");
                }

                var page = new Page(permissions);
                if (r.ReadBoolean())
                {
                    page.Data = r.ReadBytes(PageSize);
                    if (page.Data.Length != PageSize)
                    {
                        throw new EndOfStreamException();
                    }

                    memory.BackedBytes += PageSize;
                }

                memory._pages.Add(number, page);
            }

            return memory;
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException("memory snapshot is truncated");
        }
    }
}
