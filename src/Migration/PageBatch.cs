using System.Buffers.Binary;
using Ivm.Emulator.Memory;

namespace Ivm.Migration;

/// <summary>
/// The plaintext of a Pages frame: u32 count, then per page u64 page address, u8 kind (0: all
/// zeros, no body; 1: 4096 bytes follow). Built in one reused buffer, so a round allocates nothing
/// per page.
/// </summary>
public sealed class PageBatch
{
    /// <summary>Pages per frame: 64 KiB of plaintext, large enough that the per-frame costs (a
    /// gRPC message, a GCM tag, an await) are small, and below the large-object threshold, so the
    /// target's received payloads die young instead of driving full collections.</summary>
    public const int MaxPages = 16;

    private const int RecordHeader = 9;
    public const int MaxBytes = 4 + MaxPages * (RecordHeader + GuestMemory.PageSize);

    private readonly byte[] _buffer = new byte[MaxBytes];
    private int _length = 4;

    public int Count { get; private set; }

    public int ZeroPages { get; private set; }

    public bool IsFull => Count == MaxPages;

    public ReadOnlySpan<byte> Plaintext
    {
        get
        {
            BinaryPrimitives.WriteUInt32LittleEndian(_buffer, (uint)Count);
            return _buffer.AsSpan(0, _length);
        }
    }

    /// <summary>Copies the page from <paramref name="memory"/>; an all-zero (or never written) page
    /// becomes a marker.</summary>
    public void Add(GuestMemory memory, ulong pageAddress)
    {
        var record = _buffer.AsSpan(_length);
        BinaryPrimitives.WriteUInt64LittleEndian(record, pageAddress);
        var body = record.Slice(RecordHeader, GuestMemory.PageSize);
        bool written = memory.CopyPage(pageAddress, body);
        if (!written || !body.ContainsAnyExcept((byte)0))
        {
            record[8] = 0;
            _length += RecordHeader;
            ZeroPages++;
        }
        else
        {
            record[8] = 1;
            _length += RecordHeader + GuestMemory.PageSize;
        }

        Count++;
    }

    public void Clear()
    {
        _length = 4;
        Count = 0;
        ZeroPages = 0;
    }

    /// <summary>Installs every page of a Pages frame's plaintext into <paramref name="memory"/>;
    /// returns how many.</summary>
    /// <exception cref="InvalidDataException">The frame is malformed.</exception>
    public static int Install(ReadOnlySpan<byte> plaintext, GuestMemory memory)
    {
        if (plaintext.Length < 4)
        {
            throw new InvalidDataException("page batch is shorter than its count");
        }

        uint count = BinaryPrimitives.ReadUInt32LittleEndian(plaintext);
        if (count > MaxPages)
        {
            throw new InvalidDataException($"page batch of {count} pages; at most {MaxPages} are allowed");
        }

        int at = 4;
        for (uint i = 0; i < count; i++)
        {
            if (plaintext.Length - at < RecordHeader)
            {
                throw new InvalidDataException($"page batch ends inside page record {i}");
            }

            ulong address = BinaryPrimitives.ReadUInt64LittleEndian(plaintext[at..]);
            byte kind = plaintext[at + 8];
            at += RecordHeader;
            if ((address & (GuestMemory.PageSize - 1)) != 0 || kind > 1)
            {
                throw new InvalidDataException($"page batch record {i}: address 0x{address:x} is not page-aligned or kind {kind} is unknown");
            }

            if (kind == 0)
            {
                memory.InstallPage(address, []);
                continue;
            }

            if (plaintext.Length - at < GuestMemory.PageSize)
            {
                throw new InvalidDataException($"page batch ends inside the contents of page 0x{address:x}");
            }

            memory.InstallPage(address, plaintext.Slice(at, GuestMemory.PageSize));
            at += GuestMemory.PageSize;
        }

        if (at != plaintext.Length)
        {
            throw new InvalidDataException($"page batch has {plaintext.Length - at} bytes after its {count} pages");
        }

        return (int)count;
    }
}
