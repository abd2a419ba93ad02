using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ivm.Emulator.Isa;

/// <summary>
/// A lookup structure built once from the instruction table: each node indexes a run of up to
/// <see cref="MaxRunBits"/> slot bits that most remaining rows test, until few enough rows remain to
/// check in declaration order. Lookups walk flat arrays and allocate nothing.
/// </summary>
internal sealed class DecodeTree
{
    private const int MaxRunBits = 8;
    private const int LeafSize = 2;

    // A node: the run's shift and mask, and where its children start in _children. A child is a node
    // index (>= 0) or the one's complement of a leaf index.
    private readonly List<(int Shift, ulong Mask, int ChildBase)> _nodeList = [];
    private readonly List<int> _childList = [];
    private readonly List<(int Start, int Count)> _leafList = [];
    private readonly List<ushort> _candidateList = [];

    // The flat forms the lookup walks: a node's run shift, run mask and first child; a leaf's first
    // candidate and count; each candidate's fixed bits. Walked without bounds checks (indices come
    // from the tree's own construction).
    private readonly Node[] _nodes;
    private readonly int[] _children;
    private readonly (int Start, int Count)[] _leaves;
    private readonly Candidate[] _candidates;
    private readonly Encoding[] _rows;
    private readonly int _root;

    private readonly record struct Node(int Shift, int ChildBase, ulong Mask);

    private readonly record struct Candidate(ulong Value, ulong Mask, ushort Op, bool NeedsRow);

    public DecodeTree(Encoding[] rows, InstructionType type)
    {
        _rows = rows;
        var mine = rows.Where(r => r.Op != 0 && r.Type == type).Select(r => r.Op).ToList();
        _root = Build(mine, 0);
        _nodes = _nodeList.Select(n => new Node(n.Shift, n.ChildBase, n.Mask)).ToArray();
        _children = [.. _childList];
        _leaves = [.. _leafList];
        _candidates = _candidateList
            .Select(op => new Candidate(rows[op].Value, rows[op].Mask, op, rows[op].HasFieldConditions))
            .ToArray();
    }

    /// <summary>Returns the operation number of the first row matching the slot, or 0 (illegal).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ushort Lookup(ulong slot)
    {
        ref var nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        ref var children = ref MemoryMarshal.GetArrayDataReference(_children);
        int child = _root;
        while (child >= 0)
        {
            ref readonly var node = ref Unsafe.Add(ref nodes, child);
            child = Unsafe.Add(ref children, node.ChildBase + (int)((slot >> node.Shift) & node.Mask));
        }

        var (start, count) = _leaves[~child];
        ref var candidates = ref MemoryMarshal.GetArrayDataReference(_candidates);
        for (int i = start; i < start + count; i++)
        {
            ref readonly var candidate = ref Unsafe.Add(ref candidates, i);
            if ((slot & candidate.Mask) == candidate.Value && (!candidate.NeedsRow || _rows[candidate.Op].Matches(slot)))
            {
                return candidate.Op;
            }
        }

        return 0;
    }

    private int Build(List<ushort> ops, ulong tested)
    {
        if (ops.Count <= LeafSize)
        {
            return ~AddLeaf(ops);
        }

        // Choose the untested bit that the most rows care about, then widen it into a run of bits
        // that exactly as many rows care about.
        Span<int> coverage = stackalloc int[41];
        foreach (var op in ops)
        {
            ulong m = _rows[op].Mask & ~tested;
            while (m != 0)
            {
                coverage[BitOperations.TrailingZeroCount(m)]++;
                m &= m - 1;
            }
        }

        int best = -1;
        for (int b = 40; b >= 0; b--)
        {
            if (coverage[b] > 0 && (best < 0 || coverage[b] > coverage[best]))
            {
                best = b;
            }
        }

        if (best < 0)
        {
            return ~AddLeaf(ops);
        }

        int hi = best, lo = best;
        while (hi < 40 && coverage[hi + 1] == coverage[best] && hi - lo + 1 < MaxRunBits)
        {
            hi++;
        }

        while (lo > 0 && coverage[lo - 1] == coverage[best] && hi - lo + 1 < MaxRunBits)
        {
            lo--;
        }

        int width = hi - lo + 1;
        ulong runMask = (1UL << width) - 1;
        int node = _nodeList.Count;
        int childBase = _childList.Count;
        _nodeList.Add((lo, runMask, childBase));
        for (int i = 0; i <= (int)runMask; i++)
        {
            _childList.Add(0);
        }

        for (int index = 0; index <= (int)runMask; index++)
        {
            var childOps = new List<ushort>();
            foreach (var op in ops)
            {
                ulong care = (_rows[op].Mask >> lo) & runMask;
                ulong want = (_rows[op].Value >> lo) & runMask;
                if ((((ulong)index ^ want) & care) == 0)
                {
                    childOps.Add(op);
                }
            }

            _childList[childBase + index] = Build(childOps, tested | (runMask << lo));
        }

        return node;
    }

    private int AddLeaf(List<ushort> ops)
    {
        _leafList.Add((_candidateList.Count, ops.Count));
        _candidateList.AddRange(ops);
        return _leafList.Count - 1;
    }
}
