using Ivm.Emulator.Execution;
using Ivm.Emulator.Memory;

namespace Ivm.Emulator.Linux;

/// <summary>brk, mmap, munmap and mprotect: the program's view of its address space.</summary>
internal sealed partial class LinuxSystemCalls
{
    private const ulong ProtRead = 1, ProtWrite = 2, ProtExec = 4;
    private const ulong MapShared = 1, MapPrivate = 2, MapFixed = 0x10, MapAnonymous = 0x20;
    private const ulong PageMask = GuestMemory.PageSize - 1;

    // brk(0) reports the break; a larger value maps the pages between; a smaller one releases them.
    private long Brk(Vcpu vcpu, ulong requested)
    {
        ulong current = process.ProgramBreak;
        if (requested == 0 || requested < process.InitialBreak)
        {
            return (long)current;
        }

        ulong oldTop = (current + PageMask) & ~PageMask, newTop = (requested + PageMask) & ~PageMask;
        try
        {
            if (newTop > oldTop)
            {
                if (vcpu.Memory.FindFree(oldTop, newTop - oldTop) != oldTop)
                {
                    return (long)current;
                }

                vcpu.Memory.Map(oldTop, newTop - oldTop, PagePermissions.Read | PagePermissions.Write);
            }
            else if (newTop < oldTop)
            {
                vcpu.Memory.Unmap(newTop, oldTop - newTop);
            }
        }
        catch (MemoryFaultException)
        {
            return (long)current;
        }

        process.ProgramBreak = requested;
        return (long)requested;
    }

    private long Mmap(Vcpu vcpu, ulong address, ulong length, ulong protection, ulong flags, ulong fd)
    {
        if (length == 0 || (flags & (MapShared | MapPrivate)) == 0 || (address & PageMask) != 0)
        {
            return -Errno.Einval;
        }

        _ = fd;
        if ((flags & MapAnonymous) == 0)
        {
            return -Errno.Enosys;   // file mappings come with the file system calls
        }

        ulong size = (length + PageMask) & ~PageMask;
        try
        {
            // Map replaces whatever was there, as MAP_FIXED asks; otherwise the first free range from the hint.
            ulong start = (flags & MapFixed) != 0 ? address
                : vcpu.Memory.FindFree(address != 0 ? address : AddressSpaceLayout.MmapBase, size);
            vcpu.Memory.Map(start, size, Permissions(protection));
            return (long)start;
        }
        catch (Exception e) when (e is MemoryFaultException or ArgumentOutOfRangeException)
        {
            return -Errno.Enomem;
        }
    }

    private static long Munmap(Vcpu vcpu, ulong address, ulong length)
    {
        if ((address & PageMask) != 0 || length == 0)
        {
            return -Errno.Einval;
        }

        vcpu.Memory.Unmap(address, (length + PageMask) & ~PageMask);
        return 0;
    }

    private static long Mprotect(Vcpu vcpu, ulong address, ulong length, ulong protection)
    {
        if ((address & PageMask) != 0)
        {
            return -Errno.Einval;
        }

        try
        {
            vcpu.Memory.Protect(address, (length + PageMask) & ~PageMask, Permissions(protection));
            return 0;
        }
        catch (MemoryFaultException)
        {
            return -Errno.Enomem;
        }
    }

    private static PagePermissions Permissions(ulong protection) =>
        ((protection & ProtRead) != 0 ? PagePermissions.Read : 0)
        | ((protection & ProtWrite) != 0 ? PagePermissions.Write : 0)
        | ((protection & ProtExec) != 0 ? PagePermissions.Execute : 0);
}
