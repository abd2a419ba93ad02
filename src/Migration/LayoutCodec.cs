using System.Buffers.Binary;
using Ivm.Emulator.Memory;

namespace Ivm.Migration;

/// <summary>The plaintext of a Layout frame: u32 count, runs of { u64 first page, u64 pages, u8 permissions }.</summary>
public static class LayoutCodec
{
    private const int RunBytes = 17;

    public static byte[] Encode(IReadOnlyList<PageRun> runs)
    {
        var bytes = new byte[4 + runs.Count * RunBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)runs.Count);
        for (int i = 0; i < runs.Count; i++)
        {
            var at = bytes.AsSpan(4 + i * RunBytes);
            BinaryPrimitives.WriteUInt64LittleEndian(at, runs[i].FirstPage);
            BinaryPrimitives.WriteUInt64LittleEndian(at[8..], runs[i].PageCount);
            at[16] = (byte)runs[i].Permissions;
        }

        return bytes;
    }

    /// <exception cref="InvalidDataException">The layout is malformed.</exception>
    public static List<PageRun> Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4)
        {
            throw new InvalidDataException("memory layout is shorter than its count");
        }

        uint count = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        if ((ulong)bytes.Length != 4 + (ulong)count * RunBytes)
        {
            throw new InvalidDataException($"memory layout of {count} runs has {bytes.Length} bytes");
        }

        var runs = new List<PageRun>((int)count);
        for (int i = 0; i < count; i++)
        {
            var at = bytes[(4 + i * RunBytes)..];
            byte permissions = at[16];
            if (permissions > (byte)(PagePermissions.Read | PagePermissions.Write | PagePermissions.Execute))
            {
                throw new InvalidDataException($"memory layout run {i} has permissions 0x{permissions:x2}");
            }

            runs.Add(new PageRun(BinaryPrimitives.ReadUInt64LittleEndian(at), BinaryPrimitives.ReadUInt64LittleEndian(at[8..]), (PagePermissions)permissions));
        }

        return runs;
    }
}
