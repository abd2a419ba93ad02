using Ivm.Emulator.Isa;
using Ivm.Emulator.Memory;

namespace Ivm.Emulator.Execution;

/// <summary>
/// Decoded bundles by code page: a page is decoded once, on first execution, and looked up again only
/// after something writes to it (the page's version changes) or the mappings change, so
/// self-modifying code and code loaded at run time are seen while ordinary execution never decodes
/// twice. Checking that a decoded page is still current costs two compares, not a lookup. The decoded
/// form and its translated blocks are shared between guests with identical pages (<see cref="PageCode"/>).
/// </summary>
internal sealed class CodeCache(GuestMemory memory)
{
    public const int BundlesPerPage = GuestMemory.PageSize / Bundle.Size;

    private readonly Dictionary<ulong, DecodedPage> _pages = [];

    /// <summary>
    /// This guest's view of one code page: which of its pages (and which version of it) the shared
    /// <see cref="PageCode"/> was looked up for. The arrays are the shared code's, copied here so the
    /// run loop reaches them with one load.
    /// </summary>
    internal sealed unsafe class DecodedPage
    {
        public DecodedPage()
        {
            Slots = [];
            Blocks = new Translation.TranslatedBlock?[BundlesPerPage];
            Heat = new byte[BundlesPerPage];
            Handlers = [];
            Guards = [];
            SlotCounts = [];
            Templates = [];
        }

        public DecodedPage(PageCode code, GuestPage source, uint generation)
        {
            Code = code;
            Address = code.Address;
            Source = source;
            Version = source.Version;
            Generation = generation;
            (Slots, Blocks, Heat, Handlers, Guards, SlotCounts, Templates) =
                (code.Slots, code.Blocks, code.Heat, code.Handlers, code.Guards, code.SlotCounts, code.Templates);
        }

        /// <summary>Matches no instruction address when unused, so the run loop's first bundle always looks up.</summary>
        public readonly ulong Address = ulong.MaxValue;
        public readonly uint Version;
        public uint Generation;
        public readonly GuestPage? Source;
        public readonly PageCode? Code;
        public readonly DecodedInst[] Slots;
        public readonly Translation.TranslatedBlock?[] Blocks;
        public readonly byte[] Heat;
        public readonly delegate*<Vcpu, in DecodedInst, void>[] Handlers;
        public readonly byte[] Guards;
        public readonly byte[] SlotCounts;
        public readonly byte[] Templates;

        /// <summary>True while neither the mappings nor this page's bytes have changed since decoding.</summary>
        public bool IsCurrent(GuestMemory memory) =>
            Source is not null && Source.Version == Version && memory.MappingGeneration == Generation;
    }

    /// <summary>A page that matches no address: the run loop starts with it.</summary>
    public static readonly DecodedPage None = new();

    /// <summary>The decoded form of the page holding <paramref name="address"/>; faults if it is not executable.</summary>
    public DecodedPage Get(ulong address)
    {
        ulong pageAddress = address & ~(ulong)(GuestMemory.PageSize - 1);
        var source = memory.ExecutablePage(pageAddress);
        if (_pages.TryGetValue(pageAddress, out var page) && page.Source == source && page.Version == source.Version)
        {
            page.Generation = memory.MappingGeneration;
            return page;
        }

        // A fresh view rather than the stale one re-filled: a block still being compiled in the
        // background from the old code then lands in code this guest no longer runs.
        page = new DecodedPage(PageCode.For(pageAddress, memory.CodePage(pageAddress)), source, memory.MappingGeneration);
        _pages[pageAddress] = page;
        return page;
    }

    public void Clear() => _pages.Clear();

    /// <summary>How many translated blocks the current pages hold (diagnostics and tests; walks every page).</summary>
    public int TranslatedBlockCount()
    {
        int count = 0;
        foreach (var page in _pages.Values)
        {
            foreach (var block in page.Blocks)
            {
                count += block is null ? 0 : 1;
            }
        }

        return count;
    }
}
