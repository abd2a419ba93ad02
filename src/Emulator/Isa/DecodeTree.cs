using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Ivm.Emulator.Isa;

/// <summary>
/// A lookup structure built once from the instruction table. Each node gathers a set of up to
/// <see cref="MaxNodeBits"/> slot bits that many remaining rows test (opcode fields need not be
/// contiguous, so the set is gathered with a parallel bit extract) and indexes its children with
/// them, until few enough rows remain to check in declaration order. Real code reaches a leaf in one
/// or two steps; lookups walk flat arrays and allocate nothing.
/// </summary>
internal sealed class DecodeTree
{
    private const int MaxNodeBits = 12;
    private const int LeafSize = 2;

    // Every entry of the tree lives in one array: the root first, then each node's children side by
    // side, so a lookup step is a single 16-byte load. An entry with a non-zero Select is a node whose
    // children start at First; with Select zero it is a leaf whose candidates are First..First+Count.
    private readonly List<Entry> _entries = [];
    private readonly List<ushort> _candidateList = [];

    private readonly Entry[] _tree;
    private readonly Candidate[] _candidates;
    private readonly Encoding[] _rows;

    private record struct Entry(ulong Select, int First, int Count);

    private readonly record struct Candidate(ulong Value, ulong Mask, ushort Op, bool NeedsRow);

    /// <summary>A tree over the rows of one instruction type; with no type, a tree that matches nothing.</summary>
    public DecodeTree(Encoding[] rows, InstructionType? type)
    {
        _rows = rows;
        var mine = rows.Where(r => r.Op != 0 && r.Type == type).Select(r => r.Op).ToList();
        _entries.Add(default);
        _entries[0] = Build(mine, 0);
        _tree = [.. _entries];
        _candidates = _candidateList
            .Select(op => new Candidate(rows[op].Value, rows[op].Mask, op, rows[op].HasFieldConditions))
            .ToArray();
    }

    /// <summary>Returns the operation number of the first row matching the slot, or 0 (illegal).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ushort Lookup(ulong slot)
    {
        // Indices come from the tree's own construction, so the walk skips bounds checks.
        ref var tree = ref MemoryMarshal.GetArrayDataReference(_tree);
        ref var entry = ref tree;
        while (entry.Select != 0)
        {
            entry = ref Unsafe.Add(ref tree, entry.First + (int)Gather(slot, entry.Select));
        }

        ref var candidates = ref MemoryMarshal.GetArrayDataReference(_candidates);
        for (int i = entry.First, end = entry.First + entry.Count; i < end; i++)
        {
            ref readonly var candidate = ref Unsafe.Add(ref candidates, i);
            if ((slot & candidate.Mask) == candidate.Value && (!candidate.NeedsRow || _rows[candidate.Op].Matches(slot)))
            {
                return candidate.Op;
            }
        }

        return 0;
    }

    /// <summary>The bits of <paramref name="value"/> under <paramref name="select"/>, packed low (PEXT).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Gather(ulong value, ulong select)
    {
        if (Bmi2.X64.IsSupported)
        {
            return Bmi2.X64.ParallelBitExtract(value, select);
        }

        ulong result = 0;
        for (int k = 0; select != 0; k++, select &= select - 1)
        {
            result |= ((value >> BitOperations.TrailingZeroCount(select)) & 1) << k;
        }

        return result;
    }

    private Entry Build(List<ushort> ops, ulong tested)
    {
        ulong select = ops.Count <= LeafSize ? 0 : ChooseBits(ops, tested);
        if (select == 0)
        {
            var leaf = new Entry(0, _candidateList.Count, ops.Count);
            _candidateList.AddRange(ops);
            return leaf;
        }

        int children = 1 << BitOperations.PopCount(select);
        int first = _entries.Count;
        for (int i = 0; i < children; i++)
        {
            _entries.Add(default);
        }

        for (int index = 0; index < children; index++)
        {
            var childOps = new List<ushort>();
            foreach (var op in ops)
            {
                ulong care = Gather(_rows[op].Mask, select);
                ulong want = Gather(_rows[op].Value, select);
                if ((((ulong)index ^ want) & care) == 0)
                {
                    childOps.Add(op);
                }
            }

            _entries[first + index] = Build(childOps, tested | select);
        }

        return new Entry(select, first, 0);
    }

    // The untested bits that at least half as many rows test as the most-tested bit, most-tested
    // first: opcode and extension fields, but not the operand bits only a few pseudo-op rows fix.
    private ulong ChooseBits(List<ushort> ops, ulong tested)
    {
        var coverage = new int[41];
        foreach (var op in ops)
        {
            ulong m = _rows[op].Mask & ~tested;
            while (m != 0)
            {
                coverage[BitOperations.TrailingZeroCount(m)]++;
                m &= m - 1;
            }
        }

        int most = 0;
        foreach (int c in coverage)
        {
            most = Math.Max(most, c);
        }

        if (most == 0)
        {
            return 0;
        }

        var bits = Enumerable.Range(0, 41)
            .Where(b => coverage[b] * 2 >= most)
            .OrderByDescending(b => coverage[b])
            .ThenByDescending(b => b)
            .Take(MaxNodeBits);
        ulong select = 0;
        foreach (int b in bits)
        {
            select |= 1UL << b;
        }

        return select;
    }
}
