using Ivm.Emulator.Memory;
using Xunit;

namespace Ivm.Emulator.Tests.Memory;

/// <summary>The memory side of live migration: layout, page copies while a writer runs, and
/// building the target's memory from layouts and pages.</summary>
public sealed class MigrationMemoryTests
{
    private const ulong Base = 0x6000_0000_0010_0000;
    private const int Page = GuestMemory.PageSize;
    private const PagePermissions ReadWrite = PagePermissions.Read | PagePermissions.Write;

    [Fact]
    public void LayoutCollapsesRunsAndBackedPagesAreTheWrittenOnes()
    {
        var memory = new GuestMemory();
        memory.Map(Base, 4 * Page, ReadWrite);
        memory.Map(Base + 4 * Page, 2 * Page, PagePermissions.Read | PagePermissions.Execute);
        memory.Map(Base + 10 * Page, Page, ReadWrite);
        memory.Write8(Base + Page, 1);
        memory.Write8(Base + 10 * Page, 2);

        Assert.Equal(
            [new PageRun(Base >> 12, 4, ReadWrite), new PageRun((Base >> 12) + 4, 2, PagePermissions.Read | PagePermissions.Execute), new PageRun((Base >> 12) + 10, 1, ReadWrite)],
            memory.MappedLayout());
        var backed = new List<ulong>();
        Assert.Equal(2, memory.CollectBackedPages(backed));
        Assert.Equal([Base + Page, Base + 10 * Page], backed);
    }

    [Fact]
    public void CopyPageReportsNeverWrittenAndUnmappedPagesAsZeros()
    {
        var memory = new GuestMemory();
        memory.Map(Base, 2 * Page, ReadWrite);
        memory.Write64(Base + 8, 0x1122334455667788);
        var page = new byte[Page];
        Assert.True(memory.CopyPage(Base, page));
        Assert.Equal(0x88, page[8]);
        page.AsSpan().Fill(0xff);
        Assert.False(memory.CopyPage(Base + Page, page));
        Assert.All(page, b => Assert.Equal(0, b));
        Assert.False(memory.CopyPage(Base + 5 * Page, page));
    }

    [Fact]
    public void TargetMemoryBuiltFromLayoutAndPagesReadsLikeTheSource()
    {
        var source = new GuestMemory();
        source.Map(Base, 8 * Page, ReadWrite);
        for (int i = 0; i < 6; i++)
        {
            source.Write64(Base + (ulong)(i * Page) + 16, (ulong)i + 1);
        }

        source.Write64(Base + 16, 0);   // page 0 now all zeros: a marker
        var target = new GuestMemory(1 << 20);
        // Pages may arrive before their layout (mapped by the guest during the copy).
        var page = new byte[Page];
        for (int i = 0; i < 6; i++)
        {
            ulong address = Base + (ulong)(i * Page);
            source.CopyPage(address, page);
            target.InstallPage(address, page.AsSpan().ContainsAnyExcept((byte)0) ? page : []);
        }

        target.Map(Base + 100 * Page, Page, ReadWrite);   // not in the source's layout: dropped
        target.ApplyLayout(source.MappedLayout());
        Assert.Equal(source.MappedLayout(), target.MappedLayout());
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(source.Read64(Base + (ulong)(i * Page) + 16), target.Read64(Base + (ulong)(i * Page) + 16));
        }

        Assert.False(target.IsMapped(Base + 100 * Page));
        Assert.Throws<InvalidDataException>(() => new GuestMemory(Page).InstallPageTwice(Base, page));
    }

    [Fact]
    public void OverlappingLayoutIsRefused()
    {
        var memory = new GuestMemory();
        Assert.Throws<InvalidDataException>(() => memory.ApplyLayout([new PageRun(10, 5, ReadWrite), new PageRun(12, 1, ReadWrite)]));
    }

    [Fact]
    public async Task PagesCopiedWhileAWriterRunsConvergeToTheSourceOnceDirtyPagesAreResent()
    {
        const int pages = 64;
        var source = new GuestMemory();
        source.Map(Base, pages * Page, ReadWrite);
        var target = new GuestMemory();
        var copy = new byte[Page];
        var dirty = new List<ulong>();
        source.CollectDirtyPages(dirty);
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            // One thread writes as the vCPU would; whole words, so a torn copy would show.
            ulong value = 1;
            while (!stop.IsCancellationRequested)
            {
                for (int p = 0; p < pages; p++)
                {
                    for (int w = 0; w < Page; w += 8)
                    {
                        source.Write64(Base + (ulong)(p * Page + w), value);
                    }
                }

                value++;
            }
        });

        // Rounds while the writer runs, as the migration does: collect (clears), then copy.
        for (int round = 0; round < 20; round++)
        {
            dirty.Clear();
            source.CollectDirtyPages(dirty);
            foreach (ulong address in dirty)
            {
                source.CopyPage(address, copy);
                target.InstallPage(address, copy);
            }
        }

        await stop.CancelAsync();
        await writer;
        dirty.Clear();
        source.CollectDirtyPages(dirty);
        foreach (ulong address in dirty)
        {
            source.CopyPage(address, copy);
            target.InstallPage(address, copy);
        }

        var expected = new byte[Page];
        for (int p = 0; p < pages; p++)
        {
            source.CopyPage(Base + (ulong)(p * Page), expected);
            target.CopyPage(Base + (ulong)(p * Page), copy);
            Assert.Equal(expected, copy);
        }
    }
}

internal static class GuestMemoryTestExtensions
{
    /// <summary>Two distinct pages into a memory limited to one page: the second passes the limit.</summary>
    public static void InstallPageTwice(this GuestMemory memory, ulong address, byte[] page)
    {
        page[0] = 1;
        memory.InstallPage(address, page);
        memory.InstallPage(address + GuestMemory.PageSize, page);
    }
}
