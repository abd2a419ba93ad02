using Ivm.Emulator.Memory;
using Xunit;

namespace Ivm.Emulator.Tests.Memory;

/// <summary>Unmapped, protection and limit faults: the right address, access and kind, and no
/// partial write.</summary>
public sealed class FaultTests
{
    private const ulong Base = 0x2000_0000_0001_0000;
    private const int Page = GuestMemory.PageSize;

    [Fact]
    public void ReadOfUnmappedAddressFaults()
    {
        var memory = new GuestMemory();
        var fault = Assert.Throws<MemoryFaultException>(() => memory.Read64(Base + 12));
        Assert.Equal(Base + 12, fault.Address);
        Assert.Equal(MemoryAccess.Read, fault.Access);
        Assert.Equal(MemoryFaultKind.Unmapped, fault.Kind);
        Assert.Contains("0x200000000001000c", fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteOfUnmappedAddressFaults()
    {
        var memory = new GuestMemory();
        var fault = Assert.Throws<MemoryFaultException>(() => memory.Write8(Base, 1));
        Assert.Equal((Base, MemoryAccess.Write, MemoryFaultKind.Unmapped), (fault.Address, fault.Access, fault.Kind));
    }

    [Fact]
    public void WriteToReadOnlyPageIsAProtectionFault()
    {
        var memory = new GuestMemory();
        memory.Map(Base, Page, PagePermissions.Read);
        var fault = Assert.Throws<MemoryFaultException>(() => memory.Write32(Base + 4, 1));
        Assert.Equal((Base + 4, MemoryAccess.Write, MemoryFaultKind.Protection), (fault.Address, fault.Access, fault.Kind));
        Assert.Equal(0UL, memory.BackedBytes);
    }

    [Fact]
    public void ReadOfWriteOnlyOrNonePageIsAProtectionFault()
    {
        var memory = new GuestMemory();
        memory.Map(Base, Page, PagePermissions.Write);
        memory.Map(Base + Page, Page, PagePermissions.None);
        var fault = Assert.Throws<MemoryFaultException>(() => memory.Read16(Base));
        Assert.Equal((Base, MemoryAccess.Read, MemoryFaultKind.Protection), (fault.Address, fault.Access, fault.Kind));
        fault = Assert.Throws<MemoryFaultException>(() => memory.Read8(Base + Page + 1));
        Assert.Equal((Base + Page + 1, MemoryAccess.Read, MemoryFaultKind.Protection), (fault.Address, fault.Access, fault.Kind));
    }

    [Fact]
    public void PageCrossingWriteIntoUnmappedPageWritesNothing()
    {
        var memory = new GuestMemory();
        memory.Map(Base, Page, PagePermissions.Read | PagePermissions.Write);
        memory.Write64(Base + Page - 8, 0x1111_1111_1111_1111);
        uint version = memory.PageVersion(Base);

        var fault = Assert.Throws<MemoryFaultException>(() => memory.Write64(Base + Page - 4, 0x2222_2222_2222_2222));
        Assert.Equal((Base + Page, MemoryAccess.Write, MemoryFaultKind.Unmapped), (fault.Address, fault.Access, fault.Kind));
        Assert.Equal(0x1111_1111_1111_1111UL, memory.Read64(Base + Page - 8));
        Assert.Equal(version, memory.PageVersion(Base));

        Assert.Throws<MemoryFaultException>(() => memory.Write128(Base + Page - 1, UInt128.MaxValue));
        Assert.Throws<MemoryFaultException>(() => memory.Write(Base + 10, new byte[2 * Page]));
        Assert.Equal(0x1111_1111_1111_1111UL, memory.Read64(Base + Page - 8));
        Assert.Equal(0, memory.Read8(Base + 10));
    }

    [Fact]
    public void PageCrossingWriteIntoReadOnlyPageWritesNothing()
    {
        var memory = new GuestMemory();
        memory.Map(Base, Page, PagePermissions.Read | PagePermissions.Write);
        memory.Map(Base + Page, Page, PagePermissions.Read);
        var fault = Assert.Throws<MemoryFaultException>(() => memory.Write32(Base + Page - 2, 0xffff_ffff));
        Assert.Equal((Base + Page, MemoryAccess.Write, MemoryFaultKind.Protection), (fault.Address, fault.Access, fault.Kind));
        Assert.Equal(0, memory.Read8(Base + Page - 2));
        Assert.Equal(0, memory.Read8(Base + Page - 1));
        Assert.Equal(0UL, memory.BackedBytes);
    }

    [Fact]
    public void PageCrossingReadFaultsAtTheFirstBadByte()
    {
        var memory = new GuestMemory();
        memory.Map(Base, Page, PagePermissions.Read);
        var fault = Assert.Throws<MemoryFaultException>(() => memory.Read64(Base + Page - 3));
        Assert.Equal((Base + Page, MemoryAccess.Read, MemoryFaultKind.Unmapped), (fault.Address, fault.Access, fault.Kind));
    }

    [Fact]
    public void SpanReadChecksTheRequestedAccess()
    {
        var memory = new GuestMemory();
        memory.Map(Base, Page, PagePermissions.Read);
        var fault = Assert.Throws<MemoryFaultException>(() => memory.Read(Base + 16, new byte[16], MemoryAccess.Execute));
        Assert.Equal((Base + 16, MemoryAccess.Execute, MemoryFaultKind.Protection), (fault.Address, fault.Access, fault.Kind));
        memory.Protect(Base, Page, PagePermissions.Execute);
        memory.Read(Base + 16, new byte[16], MemoryAccess.Execute);
    }

    [Fact]
    public void AccessWrappingPastTheTopOfTheAddressSpaceFaults()
    {
        var memory = new GuestMemory();
        memory.Map(ulong.MaxValue - Page + 1, Page, PagePermissions.Read | PagePermissions.Write);
        memory.Map(0, Page, PagePermissions.Read | PagePermissions.Write);
        memory.Write64(ulong.MaxValue - 7, 5);
        Assert.Equal(5UL, memory.Read64(ulong.MaxValue - 7));
        Assert.Throws<MemoryFaultException>(() => memory.Write64(ulong.MaxValue - 3, 1));
        Assert.Throws<MemoryFaultException>(() => memory.Read64(ulong.MaxValue - 3));
        Assert.Equal(0, memory.Read8(0));
    }

    [Fact]
    public void LimitExceededFaultsOnTheWriteThatWouldBackOneMorePage()
    {
        var memory = new GuestMemory(limitBytes: 2 * Page);
        memory.Map(Base, 4 * Page, PagePermissions.Read | PagePermissions.Write);
        Assert.Equal((ulong)(2 * Page), memory.LimitBytes);
        memory.Write8(Base, 1);
        memory.Write8(Base + Page, 2);
        memory.Write8(Base + Page + 5, 3);   // already backed: fine
        _ = memory.Read64(Base + 2 * Page);  // reads never back pages
        var fault = Assert.Throws<MemoryFaultException>(() => memory.Write8(Base + 2 * Page + 9, 4));
        Assert.Equal((Base + 2 * Page + 9, MemoryAccess.Write, MemoryFaultKind.LimitExceeded), (fault.Address, fault.Access, fault.Kind));
        Assert.Equal((ulong)(2 * Page), memory.BackedBytes);

        memory.Unmap(Base, Page);
        memory.Write8(Base + 2 * Page + 9, 4);
        Assert.Equal(4, memory.Read8(Base + 2 * Page + 9));
    }

    [Fact]
    public void LimitFaultOnACrossingWriteWritesNothing()
    {
        var memory = new GuestMemory(limitBytes: Page);
        memory.Map(Base, 2 * Page, PagePermissions.Read | PagePermissions.Write);
        var fault = Assert.Throws<MemoryFaultException>(() => memory.Write64(Base + Page - 4, ulong.MaxValue));
        Assert.Equal(MemoryFaultKind.LimitExceeded, fault.Kind);
        Assert.Equal(0UL, memory.BackedBytes);
        Assert.Equal(0UL, memory.Read64(Base + Page - 4));
    }

    [Fact]
    public void LoadIgnoresWritePermissionButNeedsAMapping()
    {
        var memory = new GuestMemory();
        memory.Map(Base, Page, PagePermissions.Read | PagePermissions.Execute);
        memory.Load(Base + 4, [1, 2, 3]);
        Assert.Equal(0x0003_0201u, memory.Read32(Base + 4));
        var fault = Assert.Throws<MemoryFaultException>(() => memory.Load(Base + Page - 1, [9, 9]));
        Assert.Equal((Base + Page, MemoryFaultKind.Unmapped), (fault.Address, fault.Kind));
        Assert.Equal(0, memory.Read8(Base + Page - 1));
    }
}
