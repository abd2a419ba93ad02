using Ivm.Emulator.Memory;
using Xunit;

namespace Ivm.Emulator.Tests.Memory;

/// <summary>Map, Unmap, Protect, FindFree, lazy backing and code pages.</summary>
public sealed class MappingTests
{
    private const ulong Base = 0x4000_0000_0000_0000;
    private const int Page = GuestMemory.PageSize;
    private const PagePermissions ReadWrite = PagePermissions.Read | PagePermissions.Write;

    [Fact]
    public void MapRoundsOutToWholePages()
    {
        var memory = new GuestMemory();
        memory.Map(Base + 100, 10, ReadWrite);
        Assert.True(memory.IsMapped(Base));
        Assert.True(memory.IsMapped(Base + Page - 1));
        Assert.False(memory.IsMapped(Base + Page));
        Assert.False(memory.IsMapped(Base - 1));

        memory.Map(Base + 2 * Page - 1, 2, PagePermissions.Read);
        Assert.True(memory.IsMapped(Base + Page));
        Assert.True(memory.IsMapped(Base + 2 * Page));
        Assert.False(memory.IsMapped(Base + 3 * Page));
        Assert.Equal(PagePermissions.Read, memory.PermissionsAt(Base + 2 * Page + 7));
        Assert.Equal(ReadWrite, memory.PermissionsAt(Base));
        Assert.Equal(PagePermissions.None, memory.PermissionsAt(Base + 3 * Page));
    }

    [Fact]
    public void PagesAreBackedOnlyByWrites()
    {
        var memory = new GuestMemory();
        memory.Map(Base, 1UL << 30, ReadWrite);
        Assert.Equal(0UL, memory.BackedBytes);
        for (ulong a = Base; a < Base + (1UL << 30); a += 1UL << 20)
        {
            Assert.Equal(0UL, memory.Read64(a));
        }
        Assert.Equal(0UL, memory.BackedBytes);
        memory.Write8(Base + 5, 1);
        memory.Write8(Base + 6, 1);
        Assert.Equal((ulong)Page, memory.BackedBytes);
        memory.Write64(Base + 3 * Page - 4, 1);
        Assert.Equal((ulong)(3 * Page), memory.BackedBytes);
    }

    [Fact]
    public void UnmapFreesPagesAndRemovesTheMapping()
    {
        var memory = new GuestMemory();
        memory.Map(Base, 4 * Page, ReadWrite);
        memory.Write(Base, new byte[4 * Page]);
        Assert.Equal((ulong)(4 * Page), memory.BackedBytes);

        memory.Unmap(Base + Page + 1, Page);   // pages 1 and 2
        Assert.Equal((ulong)(2 * Page), memory.BackedBytes);
        Assert.True(memory.IsMapped(Base));
        Assert.False(memory.IsMapped(Base + Page));
        Assert.False(memory.IsMapped(Base + 2 * Page));
        Assert.True(memory.IsMapped(Base + 3 * Page));
        Assert.Throws<MemoryFaultException>(() => memory.Read8(Base + Page));
        memory.Unmap(Base, 100 * Page);   // unmapped pages in the range are ignored
        Assert.Equal(0UL, memory.BackedBytes);
    }

    [Fact]
    public void UnmapInvalidatesTheTranslationCaches()
    {
        var memory = new GuestMemory();
        memory.Map(Base, Page, ReadWrite);
        memory.Write64(Base, 7);
        Assert.Equal(7UL, memory.Read64(Base));
        memory.Unmap(Base, Page);
        Assert.Throws<MemoryFaultException>(() => memory.Read64(Base));
        Assert.Throws<MemoryFaultException>(() => memory.Write64(Base, 1));
    }

    [Fact]
    public void MapOverAnExistingMappingGivesFreshZeroPages()
    {
        var memory = new GuestMemory();
        memory.Map(Base, Page, ReadWrite);
        memory.Write64(Base, 7);
        uint oldVersion = memory.PageVersion(Base);
        memory.Map(Base, Page, PagePermissions.Read);
        Assert.Equal(0UL, memory.Read64(Base));
        Assert.Equal(0UL, memory.BackedBytes);
        Assert.NotEqual(oldVersion, memory.PageVersion(Base));
        Assert.Throws<MemoryFaultException>(() => memory.Write64(Base, 1));
    }

    [Fact]
    public void ProtectChangesPermissionsAndKeepsContents()
    {
        var memory = new GuestMemory();
        memory.Map(Base, 2 * Page, ReadWrite);
        memory.Write64(Base + 8, 99);
        memory.Protect(Base, 1, PagePermissions.Read);
        Assert.Equal(PagePermissions.Read, memory.PermissionsAt(Base));
        Assert.Equal(ReadWrite, memory.PermissionsAt(Base + Page));
        Assert.Equal(99UL, memory.Read64(Base + 8));
        var fault = Assert.Throws<MemoryFaultException>(() => memory.Write64(Base + 8, 1));
        Assert.Equal(MemoryFaultKind.Protection, fault.Kind);
        memory.Protect(Base, Page, ReadWrite);
        memory.Write64(Base + 8, 1);
        Assert.Equal(1UL, memory.Read64(Base + 8));
    }

    [Fact]
    public void ProtectOverAHoleFaultsAndChangesNothing()
    {
        var memory = new GuestMemory();
        memory.Map(Base, Page, ReadWrite);
        memory.Map(Base + 2 * Page, Page, ReadWrite);
        var fault = Assert.Throws<MemoryFaultException>(() => memory.Protect(Base, 3 * Page, PagePermissions.Read));
        Assert.Equal(MemoryFaultKind.Unmapped, fault.Kind);
        Assert.Equal(Base + Page, fault.Address);
        Assert.Equal(ReadWrite, memory.PermissionsAt(Base));
        Assert.Equal(ReadWrite, memory.PermissionsAt(Base + 2 * Page));
    }

    [Fact]
    public void FindFreeReturnsTheLowestFittingGap()
    {
        var memory = new GuestMemory();
        Assert.Equal(Base, memory.FindFree(Base, 1));
        Assert.Equal(Base + Page, memory.FindFree(Base + 1, 1));   // hint rounds up
        memory.Map(Base, Page, ReadWrite);
        memory.Map(Base + 3 * Page, Page, ReadWrite);
        memory.Map(Base + 6 * Page, Page, ReadWrite);
        Assert.Equal(Base + Page, memory.FindFree(Base, 2 * Page));
        Assert.Equal(Base + 7 * Page, memory.FindFree(Base, 2 * Page + 1));
        Assert.Equal(Base + 4 * Page, memory.FindFree(Base + 2 * Page, 2 * Page));
        Assert.Equal(Base + 4 * Page, memory.FindFree(Base + 3 * Page, Page));
        // Long lengths take the sorted-gap walk: same answers.
        Assert.Equal(Base + 7 * Page, memory.FindFree(Base, 300 * Page));
        Assert.Equal(Base - 300 * Page, memory.FindFree(Base - 300 * Page, 300 * Page));
        Assert.Equal(Base + 7 * Page, memory.FindFree(Base - 299 * Page, 300 * Page));
        ulong found = memory.FindFree(Base, 5 * Page);
        for (ulong a = found; a < found + 5 * Page; a += Page)
        {
            Assert.False(memory.IsMapped(a));
        }
    }

    [Fact]
    public void FindFreeFaultsWhenNothingFitsBelowTheTop()
    {
        var memory = new GuestMemory();
        memory.Map(ulong.MaxValue - 2 * Page + 1, Page, ReadWrite);
        Assert.Equal(ulong.MaxValue - Page + 1, memory.FindFree(ulong.MaxValue - 2 * Page + 1, Page));
        var fault = Assert.Throws<MemoryFaultException>(() => memory.FindFree(ulong.MaxValue - 3 * Page + 1, 2 * Page));
        Assert.Equal(MemoryFaultKind.LimitExceeded, fault.Kind);
        Assert.Throws<MemoryFaultException>(() => memory.FindFree(0, ulong.MaxValue));
    }

    [Fact]
    public void CodePageNeedsExecutePermission()
    {
        var memory = new GuestMemory();
        memory.Map(Base, Page, PagePermissions.Read | PagePermissions.Execute);
        memory.Map(Base + Page, Page, ReadWrite);
        var code = memory.CodePage(Base);
        Assert.Equal(Page, code.Length);
        Assert.True(code.IndexOfAnyExcept((byte)0) < 0);

        memory.Load(Base + 16, [0x11, 0x22]);
        code = memory.CodePage(Base);
        Assert.Equal(0x11, code[16]);
        Assert.Equal(0x22, code[17]);

        var fault = Assert.Throws<MemoryFaultException>(() => memory.CodePage(Base + Page));
        Assert.Equal((Base + Page, MemoryAccess.Execute, MemoryFaultKind.Protection), (fault.Address, fault.Access, fault.Kind));
        fault = Assert.Throws<MemoryFaultException>(() => memory.CodePage(Base + 5 * Page));
        Assert.Equal((MemoryAccess.Execute, MemoryFaultKind.Unmapped), (fault.Access, fault.Kind));

        memory.Protect(Base, Page, PagePermissions.Read);
        Assert.Throws<MemoryFaultException>(() => memory.CodePage(Base));
    }

    [Fact]
    public void PageVersionChangesOnEveryWriteToThatPageOnly()
    {
        var memory = new GuestMemory();
        memory.Map(Base, 2 * Page, ReadWrite | PagePermissions.Execute);
        Assert.Equal(0u, memory.PageVersion(Base + 5 * Page));
        uint first = memory.PageVersion(Base);
        uint second = memory.PageVersion(Base + Page);

        memory.Write8(Base, 1);
        uint afterOne = memory.PageVersion(Base);
        Assert.True(afterOne > first);
        memory.Write64(Base + 8, 1);
        Assert.True(memory.PageVersion(Base) > afterOne);
        Assert.Equal(second, memory.PageVersion(Base + Page));

        _ = memory.Read64(Base);
        _ = memory.CodePage(Base);
        uint settled = memory.PageVersion(Base);
        Assert.Equal(settled, memory.PageVersion(Base + 100));

        memory.Write32(Base + Page - 2, 0);   // crosses: both pages change
        Assert.NotEqual(settled, memory.PageVersion(Base));
        Assert.NotEqual(second, memory.PageVersion(Base + Page));

        uint beforeLoad = memory.PageVersion(Base + Page);
        memory.Load(Base + Page, [1]);
        Assert.NotEqual(beforeLoad, memory.PageVersion(Base + Page));
    }
}
