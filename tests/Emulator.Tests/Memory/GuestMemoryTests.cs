using System.Buffers.Binary;
using Ivm.Emulator.Memory;
using Xunit;

namespace Ivm.Emulator.Tests.Memory;

/// <summary>
/// Guest memory against a plain byte-map model: every write is mirrored into a dictionary of bytes
/// and every read must agree with it, at all sizes and alignments, across page boundaries.
/// </summary>
public sealed class GuestMemoryTests
{
    private const ulong Base = 0x2000_0000_0000_0000;
    private const PagePermissions ReadWrite = PagePermissions.Read | PagePermissions.Write;

    [Fact]
    public void RandomAccessesAgreeWithAByteModel()
    {
        var memory = new GuestMemory();
        memory.Map(Base, 4 * GuestMemory.PageSize, ReadWrite);
        var model = new Dictionary<ulong, byte>();
        var rng = new Random(3);
        Span<byte> bytes = stackalloc byte[16];
        for (int i = 0; i < 200_000; i++)
        {
            int size = 1 << rng.Next(5);
            ulong address = Base + (ulong)rng.Next(0, 4 * GuestMemory.PageSize - size + 1);
            if (rng.Next(2) == 0)
            {
                rng.NextBytes(bytes[..size]);
                switch (size)
                {
                    case 1: memory.Write8(address, bytes[0]); break;
                    case 2: memory.Write16(address, BinaryPrimitives.ReadUInt16LittleEndian(bytes)); break;
                    case 4: memory.Write32(address, BinaryPrimitives.ReadUInt32LittleEndian(bytes)); break;
                    case 8: memory.Write64(address, BinaryPrimitives.ReadUInt64LittleEndian(bytes)); break;
                    default: memory.Write128(address, BinaryPrimitives.ReadUInt128LittleEndian(bytes)); break;
                }

                for (int k = 0; k < size; k++)
                {
                    model[address + (ulong)k] = bytes[k];
                }
            }
            else
            {
                for (int k = 0; k < size; k++)
                {
                    bytes[k] = model.GetValueOrDefault(address + (ulong)k);
                }

                UInt128 expected = size switch
                {
                    1 => bytes[0],
                    2 => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
                    4 => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
                    8 => BinaryPrimitives.ReadUInt64LittleEndian(bytes),
                    _ => BinaryPrimitives.ReadUInt128LittleEndian(bytes),
                };
                UInt128 actual = size switch
                {
                    1 => memory.Read8(address),
                    2 => memory.Read16(address),
                    4 => memory.Read32(address),
                    8 => memory.Read64(address),
                    _ => memory.Read128(address),
                };
                Assert.True(expected == actual, $"{size}-byte read at 0x{address:x}");
            }
        }
    }

    [Fact]
    public void FaultsNameTheAddressAndChangeNothing()
    {
        var memory = new GuestMemory();
        memory.Map(Base, GuestMemory.PageSize, ReadWrite);
        memory.Map(Base + GuestMemory.PageSize, GuestMemory.PageSize, PagePermissions.Read);
        memory.Write64(Base + GuestMemory.PageSize - 8, 0x1111_2222_3333_4444);

        var crossing = Assert.Throws<MemoryFaultException>(() => memory.Write64(Base + GuestMemory.PageSize - 4, ulong.MaxValue));
        Assert.Equal(MemoryFaultKind.Protection, crossing.Kind);
        Assert.Equal(MemoryAccess.Write, crossing.Access);
        Assert.Equal(0x1111_2222_3333_4444UL, memory.Read64(Base + GuestMemory.PageSize - 8));

        var unmapped = Assert.Throws<MemoryFaultException>(() => memory.Read8(Base + 5 * GuestMemory.PageSize + 3));
        Assert.Equal(MemoryFaultKind.Unmapped, unmapped.Kind);
        Assert.Equal(Base + 5 * GuestMemory.PageSize + 3, unmapped.Address);

        var execute = Assert.Throws<MemoryFaultException>(() => memory.CodePage(Base));
        Assert.Equal(MemoryAccess.Execute, execute.Access);
    }

    [Fact]
    public void PagesAreBackedOnlyWhenWrittenAndWithinTheLimit()
    {
        var memory = new GuestMemory(limitBytes: 2 * GuestMemory.PageSize);
        memory.Map(Base, 16 * GuestMemory.PageSize, ReadWrite);
        Assert.Equal(0UL, memory.Read64(Base + 9 * GuestMemory.PageSize));
        Assert.Equal(0UL, memory.BackedBytes);
        memory.Write8(Base, 1);
        memory.Write8(Base + 7 * GuestMemory.PageSize, 2);
        Assert.Equal(2UL * GuestMemory.PageSize, memory.BackedBytes);
        var limit = Assert.Throws<MemoryFaultException>(() => memory.Write8(Base + 3 * GuestMemory.PageSize, 3));
        Assert.Equal(MemoryFaultKind.LimitExceeded, limit.Kind);
        memory.Unmap(Base + 7 * GuestMemory.PageSize, GuestMemory.PageSize);
        Assert.Equal(1UL * GuestMemory.PageSize, memory.BackedBytes);
        memory.Write8(Base + 3 * GuestMemory.PageSize, 3);
    }

    [Fact]
    public void DirtyPagesAreReportedOnceAndVersionsCountWrites()
    {
        var memory = new GuestMemory();
        memory.Map(Base, 8 * GuestMemory.PageSize, ReadWrite);
        var dirty = new List<ulong>();
        memory.Write32(Base + 2 * GuestMemory.PageSize + 100, 7);
        memory.Write64(Base + 5 * GuestMemory.PageSize - 4, 7);   // crosses into page 5
        uint version = memory.PageVersion(Base + 2 * GuestMemory.PageSize);
        memory.Write8(Base + 2 * GuestMemory.PageSize, 1);
        Assert.Equal(version + 1, memory.PageVersion(Base + 2 * GuestMemory.PageSize));

        Assert.Equal(3, memory.CollectDirtyPages(dirty));
        Assert.Equal([Base + 2 * GuestMemory.PageSize, Base + 4 * GuestMemory.PageSize, Base + 5 * GuestMemory.PageSize], dirty.Order());
        dirty.Clear();
        Assert.Equal(0, memory.CollectDirtyPages(dirty));
        memory.Write8(Base, 9);
        Assert.Equal(1, memory.CollectDirtyPages(dirty));
        Assert.Equal(Base, dirty.Single());
    }

    [Fact]
    public void FindFreeSkipsMappedPages()
    {
        var memory = new GuestMemory();
        memory.Map(Base, 2 * GuestMemory.PageSize, ReadWrite);
        memory.Map(Base + 3 * GuestMemory.PageSize, GuestMemory.PageSize, ReadWrite);
        Assert.Equal(Base + 2 * GuestMemory.PageSize, memory.FindFree(Base, GuestMemory.PageSize));
        Assert.Equal(Base + 4 * GuestMemory.PageSize, memory.FindFree(Base, 2 * GuestMemory.PageSize));
        Assert.Equal(Base + 4 * GuestMemory.PageSize, memory.FindFree(Base + 1, GuestMemory.PageSize * 3));
    }

    [Fact]
    public void SnapshotRestoresEveryMappingAndByte()
    {
        var memory = new GuestMemory(limitBytes: 1 << 20);
        memory.Map(Base, 4 * GuestMemory.PageSize, ReadWrite);
        memory.Map(Base + 8 * GuestMemory.PageSize, GuestMemory.PageSize, PagePermissions.Read | PagePermissions.Execute);
        memory.Load(Base + 8 * GuestMemory.PageSize + 16, [1, 2, 3]);
        memory.Write64(Base + GuestMemory.PageSize + 8, 0xdead_beef_cafe_f00d);
        var stream = new MemoryStream();
        memory.Save(stream);
        stream.Position = 0;
        var copy = GuestMemory.Restore(stream);

        Assert.Equal(memory.LimitBytes, copy.LimitBytes);
        Assert.Equal(memory.BackedBytes, copy.BackedBytes);
        Assert.Equal(0xdead_beef_cafe_f00dUL, copy.Read64(Base + GuestMemory.PageSize + 8));
        Assert.Equal(PagePermissions.Read | PagePermissions.Execute, copy.PermissionsAt(Base + 8 * GuestMemory.PageSize));
        Assert.Equal(3, copy.CodePage(Base + 8 * GuestMemory.PageSize)[18]);
        Assert.False(copy.IsMapped(Base + 5 * GuestMemory.PageSize));

        byte[] bytes = stream.ToArray();
        Assert.Throws<InvalidDataException>(() => GuestMemory.Restore(new MemoryStream(bytes[..^100])));
        bytes[1] ^= 1;
        Assert.Throws<InvalidDataException>(() => GuestMemory.Restore(new MemoryStream(bytes)));
    }
}
