using System.Buffers.Binary;
using Ivm.Emulator.Memory;
using Xunit;

namespace Ivm.Emulator.Tests.Memory;

/// <summary>Sized loads and stores against values laid out independently with BinaryPrimitives.</summary>
public sealed class AccessTests
{
    private const ulong Base = 0x6000_0000_0000_0000;
    private const int Size = 3 * GuestMemory.PageSize;

    private static GuestMemory MappedRw()
    {
        var memory = new GuestMemory();
        memory.Map(Base, Size, PagePermissions.Read | PagePermissions.Write);
        return memory;
    }

    public static TheoryData<int> Offsets()
    {
        var data = new TheoryData<int>();
        foreach (int offset in new[] { 0, 1, 2, 3, 5, 7, 8, 15, 4080, 4081, 4087, 4088, 4089, 4090, 4092, 4093, 4094, 4095, 4096 })
        {
            data.Add(offset);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Offsets))]
    public void SizedWritesLayOutLittleEndianBytes(int offset)
    {
        var memory = MappedRw();
        var model = new byte[Size];
        ulong at = Base + (ulong)offset;

        memory.Write128(at, new UInt128(0x0123_4567_89ab_cdef, 0xfedc_ba98_7654_3210));
        BinaryPrimitives.WriteUInt128LittleEndian(model.AsSpan(offset), new UInt128(0x0123_4567_89ab_cdef, 0xfedc_ba98_7654_3210));
        AssertSame(memory, model);

        memory.Write64(at + 1, 0x1122_3344_5566_7788);
        BinaryPrimitives.WriteUInt64LittleEndian(model.AsSpan(offset + 1), 0x1122_3344_5566_7788);
        memory.Write32(at + 3, 0xa1b2_c3d4);
        BinaryPrimitives.WriteUInt32LittleEndian(model.AsSpan(offset + 3), 0xa1b2_c3d4);
        memory.Write16(at + 2, 0xbeef);
        BinaryPrimitives.WriteUInt16LittleEndian(model.AsSpan(offset + 2), 0xbeef);
        memory.Write8(at + 7, 0x5a);
        model[offset + 7] = 0x5a;
        AssertSame(memory, model);
    }

    [Theory]
    [MemberData(nameof(Offsets))]
    public void SizedReadsDecodeLittleEndianBytes(int offset)
    {
        var memory = MappedRw();
        var model = new byte[Size];
        new Random(offset).NextBytes(model);
        memory.Write(Base, model);
        ulong at = Base + (ulong)offset;

        Assert.Equal(model[offset], memory.Read8(at));
        Assert.Equal(BinaryPrimitives.ReadUInt16LittleEndian(model.AsSpan(offset)), memory.Read16(at));
        Assert.Equal(BinaryPrimitives.ReadUInt32LittleEndian(model.AsSpan(offset)), memory.Read32(at));
        Assert.Equal(BinaryPrimitives.ReadUInt64LittleEndian(model.AsSpan(offset)), memory.Read64(at));
        Assert.Equal(BinaryPrimitives.ReadUInt128LittleEndian(model.AsSpan(offset)), memory.Read128(at));
    }

    [Fact]
    public void KnownByteOrderOfA64BitStore()
    {
        var memory = MappedRw();
        memory.Write64(Base + 4092, 0x0807_0605_0403_0201);
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal((byte)(i + 1), memory.Read8(Base + 4092 + (ulong)i));
        }
    }

    [Fact]
    public void NeverWrittenMappedPagesReadAsZeros()
    {
        var memory = MappedRw();
        Assert.Equal(0UL, memory.Read64(Base + 100));
        Assert.Equal(UInt128.Zero, memory.Read128(Base + 4090));
        var bytes = new byte[Size];
        bytes[5] = 1;
        memory.Read(Base, bytes);
        Assert.All(bytes, b => Assert.Equal(0, b));
    }

    [Fact]
    public void ReadAfterWriteThroughTheReadCacheSeesNewData()
    {
        // The read cache holds the shared zero page for an unbacked page; the first write must
        // replace it or the read would keep seeing zeros.
        var memory = MappedRw();
        Assert.Equal(0UL, memory.Read64(Base + 8));
        memory.Write64(Base + 8, 42);
        Assert.Equal(42UL, memory.Read64(Base + 8));
    }

    [Fact]
    public void SpanReadAndWriteAcrossManyPages()
    {
        var memory = new GuestMemory();
        memory.Map(Base, 5 * GuestMemory.PageSize, PagePermissions.Read | PagePermissions.Write);
        var source = new byte[3 * GuestMemory.PageSize + 17];
        new Random(7).NextBytes(source);
        memory.Write(Base + 4000, source);
        var back = new byte[source.Length];
        memory.Read(Base + 4000, back);
        Assert.Equal(source, back);
        Assert.Equal(0, memory.Read8(Base + 3999));
        Assert.Equal(0, memory.Read8(Base + 4000 + (ulong)source.Length));
    }

    [Fact]
    public void RandomOperationsMatchAByteModel()
    {
        const int pages = 6;
        var memory = new GuestMemory();
        memory.Map(Base, pages * GuestMemory.PageSize, PagePermissions.Read | PagePermissions.Write);
        var model = new Dictionary<ulong, byte>();
        var random = new Random(12345);
        byte ModelAt(ulong a) => model.TryGetValue(a, out byte b) ? b : (byte)0;
        Span<byte> buffer = stackalloc byte[16];

        for (int step = 0; step < 20000; step++)
        {
            int size = 1 << random.Next(5);
            ulong at = Base + (ulong)random.Next(pages * GuestMemory.PageSize - size + 1);
            if (random.Next(2) == 0)
            {
                var bytes = buffer[..size];
                random.NextBytes(bytes);
                switch (size)
                {
                    case 1: memory.Write8(at, bytes[0]); break;
                    case 2: memory.Write16(at, BinaryPrimitives.ReadUInt16LittleEndian(bytes)); break;
                    case 4: memory.Write32(at, BinaryPrimitives.ReadUInt32LittleEndian(bytes)); break;
                    case 8: memory.Write64(at, BinaryPrimitives.ReadUInt64LittleEndian(bytes)); break;
                    default: memory.Write128(at, BinaryPrimitives.ReadUInt128LittleEndian(bytes)); break;
                }
                for (int i = 0; i < size; i++)
                {
                    model[at + (ulong)i] = bytes[i];
                }
            }
            else
            {
                var expected = buffer[..size];
                for (int i = 0; i < size; i++)
                {
                    expected[i] = ModelAt(at + (ulong)i);
                }
                switch (size)
                {
                    case 1: Assert.Equal(expected[0], memory.Read8(at)); break;
                    case 2: Assert.Equal(BinaryPrimitives.ReadUInt16LittleEndian(expected), memory.Read16(at)); break;
                    case 4: Assert.Equal(BinaryPrimitives.ReadUInt32LittleEndian(expected), memory.Read32(at)); break;
                    case 8: Assert.Equal(BinaryPrimitives.ReadUInt64LittleEndian(expected), memory.Read64(at)); break;
                    default: Assert.Equal(BinaryPrimitives.ReadUInt128LittleEndian(expected), memory.Read128(at)); break;
                }
            }
        }

        var all = new byte[pages * GuestMemory.PageSize];
        memory.Read(Base, all);
        for (int i = 0; i < all.Length; i++)
        {
            Assert.Equal(ModelAt(Base + (ulong)i), all[i]);
        }
    }

    [Fact]
    public void SizedAccessesDoNotAllocate()
    {
        var memory = MappedRw();
        memory.Write64(Base, 1);
        memory.Write64(Base + 4092, 1);
        _ = memory.Read64(Base);
        _ = memory.Read64(Base + 4092);
        long before = GC.GetAllocatedBytesForCurrentThread();
        ulong sum = 0;
        for (ulong i = 0; i < 1000; i++)
        {
            memory.Write64(Base + (i * 8 % 8000), i);
            sum += memory.Read64(Base + (i * 8 % 8000));
            memory.Write64(Base + 4092, i);
            sum += memory.Read64(Base + 4092);
            memory.Write128(Base + 4090, i);
            sum += (ulong)memory.Read128(Base + 4090);
        }
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.NotEqual(0UL, sum);
    }

    private static void AssertSame(GuestMemory memory, byte[] model)
    {
        var actual = new byte[model.Length];
        memory.Read(Base, actual);
        Assert.Equal(model, actual);
    }
}
