using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// One code page decoded, and the blocks translated from it: everything that depends only on the
/// page's address and bytes, so every guest running the same image at the same address shares it —
/// 64 guests of one program decode and translate its hot code once, not 64 times. Immutable after
/// decoding except <see cref="Blocks"/> and <see cref="Heat"/>, which only ever gain blocks and
/// counts (races between vCPUs at worst compile a block twice). A guest that writes its copy of a
/// page gets a new <see cref="PageCode"/> for the new bytes; the old one stays right for the others.
/// </summary>
internal sealed unsafe class PageCode
{
    public PageCode(ulong address, ReadOnlySpan<byte> bytes)
    {
        Address = address;
        Bytes = bytes.ToArray();
        Span<DecodedInst> three = stackalloc DecodedInst[3];
        var handlers = Semantics.Handlers;
        var runsWhenFalse = Semantics.RunsWhenPredicateFalse;
        var noEffect = Semantics.HasNoEffect;
        for (int b = 0; b < CodeCache.BundlesPerPage; b++)
        {
            var bundle = Bundle.Read(bytes.Slice(b * Bundle.Size, Bundle.Size));
            InstructionDecoder.DecodeBundle(bundle, three);
            three.CopyTo(Slots.AsSpan(b * 3, 3));
            for (int s = 0; s < 3; s++)
            {
                int op = three[s].Op, qp = three[s].Qp;
                Handlers[b * 3 + s] = noEffect[op] ? null : handlers[op];
                Guards[b * 3 + s] = (byte)(qp != 0 && !runsWhenFalse[op] ? qp : 0);
            }

            var template = Template.All[bundle.TemplateIndex];
            Templates[b] = (byte)bundle.TemplateIndex;
            SlotCounts[b] = (byte)(template.IsReserved ? 0 : template.IsLongImmediate ? 2 : 3);
        }
    }

    /// <summary>The page's guest address.</summary>
    public readonly ulong Address;

    /// <summary>The bytes it was decoded from, to recognise the same code in another guest.</summary>
    public readonly byte[] Bytes;

    public readonly DecodedInst[] Slots = new DecodedInst[CodeCache.BundlesPerPage * 3];

    /// <summary>Per bundle, the translated block that starts there, once it has been hot enough.</summary>
    public readonly Translation.TranslatedBlock?[] Blocks = new Translation.TranslatedBlock?[CodeCache.BundlesPerPage];

    /// <summary>Per bundle, how often execution entered a block there before it was translated.</summary>
    public readonly byte[] Heat = new byte[CodeCache.BundlesPerPage];

    /// <summary>Per slot, its handler, or null when it has no effect (nop and friends).</summary>
    public readonly delegate*<Vcpu, in DecodedInst, void>[] Handlers = new delegate*<Vcpu, in DecodedInst, void>[CodeCache.BundlesPerPage * 3];

    /// <summary>Per slot, the predicate that must be true for it to run, or 0 when it always runs
    /// (p0, or an operation such as cmp.unc that acts on a false predicate too).</summary>
    public readonly byte[] Guards = new byte[CodeCache.BundlesPerPage * 3];

    /// <summary>Per bundle, how many instructions it holds: 3, 2 for MLX (L+X is one), 0 for a reserved template.</summary>
    public readonly byte[] SlotCounts = new byte[CodeCache.BundlesPerPage];

    /// <summary>Per bundle, its template number (for the reserved-template message).</summary>
    public readonly byte[] Templates = new byte[CodeCache.BundlesPerPage];

    // Every distinct page decoded in this process, by address; weakly held, so code no guest runs
    // any more is collected.
    private static readonly Dictionary<ulong, List<WeakReference<PageCode>>> s_shared = [];

    /// <summary>The decoded form of <paramref name="bytes"/> at <paramref name="address"/>, shared with any guest that has the same.</summary>
    public static PageCode For(ulong address, ReadOnlySpan<byte> bytes)
    {
        lock (s_shared)
        {
            if (!s_shared.TryGetValue(address, out var candidates))
            {
                s_shared[address] = candidates = [];
            }

            candidates.RemoveAll(weak => !weak.TryGetTarget(out _));
            foreach (var weak in candidates)
            {
                if (weak.TryGetTarget(out var code) && bytes.SequenceEqual(code.Bytes))
                {
                    return code;
                }
            }

            var decoded = new PageCode(address, bytes);
            candidates.Add(new WeakReference<PageCode>(decoded));
            return decoded;
        }
    }
}
