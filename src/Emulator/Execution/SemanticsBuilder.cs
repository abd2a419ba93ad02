using System.Reflection;
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
    private readonly MethodInfo?[] _methods;
    private readonly Dictionary<nint, MethodInfo> _methodsByAddress;

    public SemanticsBuilder(int operations, delegate*<Vcpu, in DecodedInst, void> unbound)
    {
        _handlers = new delegate*<Vcpu, in DecodedInst, void>[operations];
        _info = new OpInfo[operations];
        _bound = new bool[operations];
        _runsWhenFalse = new bool[operations];
        _noEffect = new bool[operations];
        _methods = new MethodInfo?[operations];
        _methodsByAddress = HandlerMethods();
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
            _methods[row.Op] = _methodsByAddress.GetValueOrDefault((nint)handler);
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

    /// <summary>
    /// Per operation, the handler as a method when it could be identified (non-generic handlers), so
    /// the block translator can call it directly and let the JIT inline it; null means "call the
    /// function pointer".
    /// </summary>
    public MethodInfo?[] Methods => _methods;

    // Every static method of the interpreter's groups shaped like a handler, by entry address. A
    // C# function pointer is the method's entry point, so a bound handler finds its method here.
    // Generic handlers (specialised over small structs such as Size8 or RelativeTarget) are listed
    // in every instantiation their constraints allow.
    private static Dictionary<nint, MethodInfo> HandlerMethods()
    {
        var types = typeof(SemanticsBuilder).Assembly.GetTypes().Where(t => t.Namespace == typeof(SemanticsBuilder).Namespace).ToArray();
        var structs = types.Where(t => t.IsValueType && !t.IsEnum && !t.IsGenericTypeDefinition).ToArray();
        var methods = new Dictionary<nint, MethodInfo>();
        foreach (var type in types)
        {
            foreach (var method in type.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                var parameters = method.GetParameters();
                if (method.ReturnType != typeof(void) || parameters.Length != 2
                    || parameters[0].ParameterType != typeof(Vcpu) || parameters[1].ParameterType != typeof(DecodedInst).MakeByRefType())
                {
                    continue;
                }

                foreach (var instance in Instantiations(method, structs))
                {
                    methods.TryAdd(instance.MethodHandle.GetFunctionPointer(), instance);
                }
            }
        }

        return methods;
    }

    private static IEnumerable<MethodInfo> Instantiations(MethodInfo method, Type[] structs)
    {
        if (!method.IsGenericMethodDefinition)
        {
            yield return method;
            yield break;
        }

        var parameters = method.GetGenericArguments();
        var candidates = parameters.Select(p => structs.Where(s => p.GetGenericParameterConstraints().All(c => c.IsAssignableFrom(s))).ToArray()).ToArray();
        foreach (var combination in Combinations(candidates, 0))
        {
            yield return method.MakeGenericMethod(combination);
        }
    }

    private static IEnumerable<Type[]> Combinations(Type[][] candidates, int index)
    {
        if (index == candidates.Length)
        {
            yield return [];
            yield break;
        }

        foreach (var type in candidates[index])
        {
            foreach (var rest in Combinations(candidates, index + 1))
            {
                yield return [type, .. rest];
            }
        }
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
