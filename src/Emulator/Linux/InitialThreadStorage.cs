using Ivm.Emulator.Elf;
using Ivm.Emulator.Memory;

namespace Ivm.Emulator.Linux;

/// <summary>
/// The initial thread's static TLS block for an executable with a PT_TLS segment, laid out as the
/// IA-64 ABI's variant I: the thread pointer (r13) addresses a 16-byte thread control block and the
/// TLS block follows at tp + align_up(16, p_align), holding the segment's initialised image then
/// zeros (.tbss). This is where the linker's local-exec @tprel offsets point, so code using them works
/// from the first instruction; a C library that builds its own block simply moves r13.
/// </summary>
internal static class InitialThreadStorage
{
    private const ulong ControlBlockSize = 16;

    /// <summary>Maps and fills the block; returns the thread pointer, or 0 when there is no PT_TLS.</summary>
    public static ulong Create(GuestMemory memory, ElfFile elf)
    {
        var tls = elf.Segments.FirstOrDefault(s => s.Type == ElfSegment.TypeTls);
        if (tls is null)
        {
            return 0;
        }

        ulong alignment = Math.Max(tls.Alignment, 1);
        if ((alignment & (alignment - 1)) != 0 || tls.FileSize > tls.MemorySize)
        {
            throw new ElfFormatException($"PT_TLS segment is malformed (alignment {tls.Alignment}, file size {tls.FileSize}, memory size {tls.MemorySize})");
        }

        ulong blockOffset = AlignUp(ControlBlockSize, alignment);
        ulong pageAlignment = Math.Max(alignment, GuestMemory.PageSize);
        ulong length = AlignUp(blockOffset + tls.MemorySize, GuestMemory.PageSize);
        ulong start = AlignUp(memory.FindFree(AddressSpaceLayout.MmapBase, length + pageAlignment), pageAlignment);
        memory.Map(start, length, PagePermissions.Read | PagePermissions.Write);
        memory.Load(start + blockOffset, elf.Contents(tls));
        return start;
    }

    private static ulong AlignUp(ulong value, ulong alignment) => (value + alignment - 1) & ~(alignment - 1);
}
