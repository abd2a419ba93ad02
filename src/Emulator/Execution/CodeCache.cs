using Ivm.Emulator.Isa;
using Ivm.Emulator.Memory;

namespace Ivm.Emulator.Execution;

/// <summary>
/// Decoded bundles by code page: a page is decoded once, on first execution, and decoded again only
/// after something writes to it (the page's version changes) or the mappings change, so
/// self-modifying code and code loaded at run time are seen while ordinary execution never decodes
/// twice. Checking that a decoded page is still current costs two compares, not a lookup.
/// </summary>
internal sealed unsafe class CodeCache(GuestMemory memory)
{
    public const int BundlesPerPage = GuestMemory.PageSize / Bundle.Size;

    private readonly Dictionary<ulong, DecodedPage> _pages = [];

    internal sealed class DecodedPage
    {
        /// <summary>Matches no instruction address, so the run loop's first bundle always looks up.</summary>
        public ulong Address = ulong.MaxValue;
        public uint Version;
        public uint Generation;
        public GuestPage? Source;
        public readonly DecodedInst[] Slots = new DecodedInst[BundlesPerPage * 3];

        /// <summary>Per bundle, the translated block that starts there, once it has been hot enough.</summary>
        public readonly Translation.TranslatedBlock?[] Blocks = new Translation.TranslatedBlock?[BundlesPerPage];

        /// <summary>Per bundle, how often execution entered a block there before it was translated.</summary>
        public readonly byte[] Heat = new byte[BundlesPerPage];

        /// <summary>Per slot, its handler, or null when it has no effect (nop and friends).</summary>
        public readonly delegate*<Vcpu, in DecodedInst, void>[] Handlers = new delegate*<Vcpu, in DecodedInst, void>[BundlesPerPage * 3];

        /// <summary>Per slot, the predicate that must be true for it to run, or 0 when it always runs
        /// (p0, or an operation such as cmp.unc that acts on a false predicate too).</summary>
        public readonly byte[] Guards = new byte[BundlesPerPage * 3];

        /// <summary>Per bundle, how many instructions it holds: 3, 2 for MLX (L+X is one), 0 for a reserved template.</summary>
        public readonly byte[] SlotCounts = new byte[BundlesPerPage];

        /// <summary>Per bundle, its template number (for the reserved-template message).</summary>
        public readonly byte[] Templates = new byte[BundlesPerPage];

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

        // A fresh object rather than the stale one re-filled: a block still being compiled in the
        // background from the stale page then publishes into a page nothing runs any more.
        page = new DecodedPage();
        page.Address = pageAddress;
        page.Version = source.Version;
        page.Generation = memory.MappingGeneration;
        page.Source = source;
        var bytes = memory.CodePage(pageAddress);
        Span<DecodedInst> three = stackalloc DecodedInst[3];
        var handlers = Semantics.Handlers;
        var runsWhenFalse = Semantics.RunsWhenPredicateFalse;
        var noEffect = Semantics.HasNoEffect;
        for (int b = 0; b < BundlesPerPage; b++)
        {
            var bundle = Bundle.Read(bytes.Slice(b * Bundle.Size, Bundle.Size));
            InstructionDecoder.DecodeBundle(bundle, three);
            three.CopyTo(page.Slots.AsSpan(b * 3, 3));
            for (int s = 0; s < 3; s++)
            {
                int op = three[s].Op, qp = three[s].Qp;
                var handler = handlers[op];
                page.Handlers[b * 3 + s] = noEffect[op] ? null : handler;
                page.Guards[b * 3 + s] = (byte)(qp != 0 && !runsWhenFalse[op] ? qp : 0);
            }

            var template = Template.All[bundle.TemplateIndex];
            page.Templates[b] = (byte)bundle.TemplateIndex;
            page.SlotCounts[b] = (byte)(template.IsReserved ? 0 : template.IsLongImmediate ? 2 : 3);
        }

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
