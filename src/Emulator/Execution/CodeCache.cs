using Ivm.Emulator.Isa;
using Ivm.Emulator.Memory;

namespace Ivm.Emulator.Execution;

/// <summary>
/// Decoded bundles by code page: a page is decoded once, on first execution, and decoded again only
/// after something writes to it (the page's version changes), so self-modifying code and code loaded
/// at run time are seen while ordinary execution never decodes twice.
/// </summary>
internal sealed class CodeCache(GuestMemory memory)
{
    public const int BundlesPerPage = GuestMemory.PageSize / Bundle.Size;

    private readonly Dictionary<ulong, DecodedPage> _pages = [];

    internal sealed class DecodedPage
    {
        public ulong Address;
        public uint Version;
        public readonly DecodedInst[] Slots = new DecodedInst[BundlesPerPage * 3];
        public readonly byte[] Templates = new byte[BundlesPerPage];
    }

    /// <summary>The decoded form of the page holding <paramref name="address"/>; faults if it is not executable.</summary>
    public DecodedPage Get(ulong address)
    {
        ulong pageAddress = address & ~(ulong)(GuestMemory.PageSize - 1);
        uint version = memory.PageVersion(pageAddress);
        if (_pages.TryGetValue(pageAddress, out var page) && page.Version == version)
        {
            return page;
        }

        page ??= new DecodedPage();
        page.Address = pageAddress;
        page.Version = version;
        var bytes = memory.CodePage(pageAddress);
        Span<DecodedInst> three = stackalloc DecodedInst[3];
        for (int b = 0; b < BundlesPerPage; b++)
        {
            var bundle = Bundle.Read(bytes.Slice(b * Bundle.Size, Bundle.Size));
            InstructionDecoder.DecodeBundle(bundle, three);
            three.CopyTo(page.Slots.AsSpan(b * 3, 3));
            page.Templates[b] = (byte)bundle.TemplateIndex;
        }

        _pages[pageAddress] = page;
        return page;
    }

    public void Clear() => _pages.Clear();
}
