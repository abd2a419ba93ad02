using Ivm.Emulator.Memory;
using Xunit;

namespace Ivm.Emulator.Tests.Memory;

/// <summary>Save and Restore: an exact round trip, and corrupt or truncated snapshots rejected.</summary>
public sealed class SnapshotTests
{
    private const int Page = GuestMemory.PageSize;
    private const PagePermissions ReadWrite = PagePermissions.Read | PagePermissions.Write;

    private static readonly (ulong Address, ulong Length, PagePermissions Permissions)[] Layout =
    [
        (0x4000_0000_0000_0000, 3 * Page, PagePermissions.Read | PagePermissions.Execute),
        (0x4000_0000_0000_3000, 2 * Page, PagePermissions.Read),
        (0x6000_0000_0000_0000, 5 * Page, ReadWrite),
        (0x6000_0000_0100_0000, 1UL << 24, PagePermissions.None),
        (0x7fff_ffff_fff0_0000, 16 * Page, ReadWrite),
    ];

    private static GuestMemory Sample()
    {
        var memory = new GuestMemory(limitBytes: 64 * Page);
        foreach (var (address, length, permissions) in Layout)
        {
            memory.Map(address, length, permissions);
        }
        var random = new Random(99);
        var code = new byte[Page + 100];
        random.NextBytes(code);
        memory.Load(0x4000_0000_0000_0000 + 50, code);
        memory.Write64(0x6000_0000_0000_0000 + 2 * Page - 4, 0x0102_0304_0506_0708);
        memory.Write8(0x7fff_ffff_fff0_0000 + 15 * Page + 4095, 0xee);
        return memory;
    }

    private static byte[] Save(GuestMemory memory)
    {
        using var stream = new MemoryStream();
        memory.Save(stream);
        return stream.ToArray();
    }

    private static GuestMemory Restore(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return GuestMemory.Restore(stream);
    }

    [Fact]
    public void RoundTripKeepsMappingsPermissionsContentsAndBackedBytes()
    {
        var original = Sample();
        var restored = Restore(Save(original));

        Assert.Equal(original.LimitBytes, restored.LimitBytes);
        Assert.Equal(original.BackedBytes, restored.BackedBytes);
        Assert.Equal((ulong)(5 * Page), restored.BackedBytes);
        foreach (var (address, length, _) in Layout)
        {
            for (ulong a = address - Page; a < address + length + Page; a += Page)
            {
                Assert.Equal(original.IsMapped(a), restored.IsMapped(a));
                Assert.Equal(original.PermissionsAt(a), restored.PermissionsAt(a));
                if (original.IsMapped(a))
                {
                    var expected = new byte[Page];
                    var actual = new byte[Page];
                    Peek(original, a, expected);
                    Peek(restored, a, actual);
                    Assert.Equal(expected, actual);
                }
            }
        }
        Assert.Equal(Save(original), Save(restored));
    }

    [Fact]
    public void RestoredMemoryStartsCleanAndWorks()
    {
        var restored = Restore(Save(Sample()));
        var dirty = new List<ulong>();
        Assert.Equal(0, restored.CollectDirtyPages(dirty));
        Assert.Equal(0x0102_0304_0506_0708UL, restored.Read64(0x6000_0000_0000_0000 + 2 * Page - 4));
        Assert.Throws<MemoryFaultException>(() => restored.Write8(0x4000_0000_0000_0000, 1));
        restored.Write8(0x6000_0000_0000_0000 + 4 * Page, 1);
        Assert.Equal(1, restored.CollectDirtyPages(dirty));
    }

    [Fact]
    public void SnapshotIsCompactForLargeSparseMappings()
    {
        // 16 MiB of never-written PROT_NONE reservation must cost a run, not a table of pages.
        var bytes = Save(Sample());
        Assert.True(bytes.Length < 6 * Page, $"snapshot is {bytes.Length} bytes");
    }

    [Fact]
    public void EmptyMemoryRoundTrips()
    {
        var restored = Restore(Save(new GuestMemory()));
        Assert.Equal(ulong.MaxValue, restored.LimitBytes);
        Assert.Equal(0UL, restored.BackedBytes);
        Assert.False(restored.IsMapped(0));
    }

    [Fact]
    public void EveryTruncationIsRejected()
    {
        var bytes = Save(Sample());
        foreach (int length in new[] { 0, 3, 8, 11, 12, 19, 20, 27, 40, 60, bytes.Length / 2, bytes.Length - 9, bytes.Length - 1 })
        {
            var error = Assert.Throws<InvalidDataException>(() => Restore(bytes[..length]));
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
        }
    }

    [Fact]
    public void WrongMagicIsRejected()
    {
        var bytes = Save(Sample());
        bytes[0] ^= 0xff;
        var error = Assert.Throws<InvalidDataException>(() => Restore(bytes));
        Assert.Contains("header", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownFormatVersionIsRejected()
    {
        var bytes = Save(Sample());
        bytes[8] = 77;
        var error = Assert.Throws<InvalidDataException>(() => Restore(bytes));
        Assert.Contains("77", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadPermissionsAreRejected()
    {
        var bytes = Save(Sample());
        // magic 8, version 4, limit 8, run count 8, then the first run: first 8, count 8, permissions 1.
        bytes[8 + 4 + 8 + 8 + 16] = 0x40;
        var error = Assert.Throws<InvalidDataException>(() => Restore(bytes));
        Assert.Contains("permissions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OverlappingRunsAreRejected()
    {
        var bytes = Save(Sample());
        // Second run's first page set to the first run's: overlap.
        int firstRun = 8 + 4 + 8 + 8;
        bytes.AsSpan(firstRun, 8).CopyTo(bytes.AsSpan(firstRun + 17, 8));
        Assert.Throws<InvalidDataException>(() => Restore(bytes));
    }

    [Fact]
    public void HugeRunCountIsRejectedWithoutBuildingIt()
    {
        var bytes = Save(Sample());
        int firstRun = 8 + 4 + 8 + 8;
        BitConverter.GetBytes(1UL << 40).CopyTo(bytes, firstRun + 8);
        Assert.Throws<InvalidDataException>(() => Restore(bytes));
    }

    [Fact]
    public void MissingEndMarkerIsRejected()
    {
        var bytes = Save(Sample());
        bytes[^2] ^= 0x55;
        var error = Assert.Throws<InvalidDataException>(() => Restore(bytes));
        Assert.Contains("end marker", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ContentsForAnUnmappedPageAreRejected()
    {
        var memory = new GuestMemory();
        memory.Map(0x1000, Page, ReadWrite);
        memory.Write8(0x1000, 1);
        var bytes = Save(memory);
        // The only backed page's number follows the one run and the backed count.
        int pageNumber = 8 + 4 + 8 + 8 + 17 + 8;
        BitConverter.GetBytes(5UL).CopyTo(bytes, pageNumber);
        var error = Assert.Throws<InvalidDataException>(() => Restore(bytes));
        Assert.Contains("no mapping", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Reads a page's bytes whatever its permissions, via a mapping-preserving copy.</summary>
    private static void Peek(GuestMemory memory, ulong address, byte[] into)
    {
        var permissions = memory.PermissionsAt(address);
        memory.Protect(address, Page, PagePermissions.Read);
        memory.Read(address, into);
        memory.Protect(address, Page, permissions);
    }
}
