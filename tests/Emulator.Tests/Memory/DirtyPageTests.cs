using Ivm.Emulator.Memory;
using Xunit;

namespace Ivm.Emulator.Tests.Memory;

/// <summary>Dirty tracking for migration: written pages reported exactly once, concurrently safe.</summary>
public sealed class DirtyPageTests
{
    private const ulong Base = 0x6000_0000_0010_0000;
    private const int Page = GuestMemory.PageSize;
    private const PagePermissions ReadWrite = PagePermissions.Read | PagePermissions.Write;

    [Fact]
    public void CollectReturnsExactlyTheWrittenPagesOnce()
    {
        var memory = new GuestMemory();
        memory.Map(Base, 10 * Page, ReadWrite);
        memory.Write8(Base + 7 * Page, 1);
        memory.Write64(Base + 2 * Page - 4, 1);   // pages 1 and 2
        memory.Write64(Base + 7 * Page + 8, 1);
        memory.Load(Base + 9 * Page, [1]);
        _ = memory.Read64(Base + 4 * Page);

        var pages = new List<ulong> { 12345 };
        Assert.Equal(4, memory.CollectDirtyPages(pages));
        Assert.Equal([12345, Base + Page, Base + 2 * Page, Base + 7 * Page, Base + 9 * Page], pages);

        pages.Clear();
        Assert.Equal(0, memory.CollectDirtyPages(pages));
        Assert.Empty(pages);

        memory.Write16(Base + 3, 1);
        Assert.Equal(1, memory.CollectDirtyPages(pages));
        Assert.Equal([Base], pages);
    }

    [Fact]
    public void FailedWritesMarkNothing()
    {
        var memory = new GuestMemory();
        memory.Map(Base, Page, ReadWrite);
        memory.Map(Base + Page, Page, PagePermissions.Read);
        Assert.Throws<MemoryFaultException>(() => memory.Write64(Base + Page - 4, 1));
        var pages = new List<ulong>();
        Assert.Equal(0, memory.CollectDirtyPages(pages));
    }

    [Fact]
    public void ConcurrentCollectionNeverLosesAWrite()
    {
        // What pre-copy migration does: a collector thread repeatedly collects dirty pages and
        // copies them into a replica while the vCPU keeps writing. After the vCPU stops, one last
        // collection must bring the replica to exactly the memory's contents.
        const int pages = 32;
        var memory = new GuestMemory();
        memory.Map(Base, pages * Page, ReadWrite);
        var replica = new byte[pages * Page];
        int rounds = 0;

        void CopyDirty()
        {
            var list = new List<ulong>();
            memory.CollectDirtyPages(list);
            foreach (ulong address in list)
            {
                memory.Read(address, replica.AsSpan((int)(address - Base), Page));
            }
        }

        using var vcpuDone = new ManualResetEventSlim();
        var collector = new Thread(() =>
        {
            while (!vcpuDone.IsSet)
            {
                CopyDirty();
                rounds++;
            }
        });
        collector.Start();

        var random = new Random(3);
        for (ulong sequence = 1; sequence <= 300_000; sequence++)
        {
            int index = random.Next(pages);
            memory.Write64(Base + (ulong)index * Page + (ulong)random.Next(Page / 8) * 8, sequence);
        }
        vcpuDone.Set();
        collector.Join();
        CopyDirty();

        var actual = new byte[pages * Page];
        memory.Read(Base, actual);
        Assert.Equal(actual, replica);
        Assert.True(rounds > 0);
    }
}
