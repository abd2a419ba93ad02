using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// Binds handlers to the rows of the instruction table. Each instruction group (one file per group,
/// mirroring the SDM's chapters) registers its handlers by matching rows — usually by mnemonic — and
/// may attach an <see cref="OpInfo"/> parsed from the mnemonic. A row bound twice is a mistake.
/// </summary>
internal sealed unsafe class SemanticsBuilder
{
    private readonly delegate*<Vcpu, in DecodedInst, void>[] _handlers;
    private readonly OpInfo[] _info;
    private readonly bool[] _bound;
    private readonly bool[] _runsWhenFalse;
    private readonly bool[] _noEffect;

    public SemanticsBuilder(int operations, delegate*<Vcpu, in DecodedInst, void> unbound)
    {
        _handlers = new delegate*<Vcpu, in DecodedInst, void>[operations];
        _info = new OpInfo[operations];
        _bound = new bool[operations];
        _runsWhenFalse = new bool[operations];
        _noEffect = new bool[operations];
        for (int i = 0; i < operations; i++)
        {
            _handlers[i] = unbound;
        }
    }

    public delegate*<Vcpu, in DecodedInst, void>[] Handlers => _handlers;

    public OpInfo[] Info => _info;

    /// <summary>Operations that run even when their qualifying predicate is false (cmp.unc and friends).</summary>
    public bool[] RunsWhenPredicateFalse => _runsWhenFalse;

    /// <summary>Binds every row the predicate selects; returns how many rows it bound.</summary>
    public int Bind(Func<Encoding, bool> rows, delegate*<Vcpu, in DecodedInst, void> handler,
        Func<Encoding, OpInfo>? info = null, bool runsWhenPredicateFalse = false)
    {
        int count = 0;
        foreach (var row in InstructionTable.Encodings)
        {
            if (row.Op == 0 || !rows(row))
            {
                continue;
            }

            if (_bound[row.Op])
            {
                throw new InvalidOperationException($"{row.Mnemonic} (operation {row.Op}) has two handlers");
            }

            _bound[row.Op] = true;
            _handlers[row.Op] = handler;
            _runsWhenFalse[row.Op] = runsWhenPredicateFalse;
            if (info is not null)
            {
                _info[row.Op] = info(row);
            }

            count++;
        }

        if (count == 0)
        {
            throw new InvalidOperationException("a handler binding matched no row of the instruction table");
        }

        return count;
    }

    /// <summary>Operations with no architectural effect (see <see cref="BindNoEffect"/>).</summary>
    public bool[] NoEffect => _noEffect;

    /// <summary>Binds rows whose operation has no effect; the decoded-code cache skips calling them.</summary>
    public int BindNoEffect(Func<Encoding, bool> rows)
    {
        int count = Bind(rows, &Semantics.NoEffect);
        foreach (var row in InstructionTable.Encodings)
        {
            _noEffect[row.Op] |= row.Op != 0 && rows(row);
        }

        return count;
    }

    /// <summary>Binds the rows whose mnemonic is exactly one of <paramref name="mnemonics"/>.</summary>
    public int Bind(string[] mnemonics, delegate*<Vcpu, in DecodedInst, void> handler) =>
        Bind(row => Array.IndexOf(mnemonics, row.Mnemonic) >= 0, handler);

    public int BoundCount => _bound.Count(b => b);

    public bool IsBound(int op) => _bound[op];
}
