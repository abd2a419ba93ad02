using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// The interpreter's dispatch table: for every operation number of the instruction table, the
/// handler that executes it and its pre-parsed <see cref="OpInfo"/>. Built once from the instruction
/// groups; operations no group handles yet raise an illegal-operation fault that names them.
/// </summary>
internal static unsafe class Semantics
{
    private static readonly SemanticsBuilder s_table = Build();

    public static delegate*<Vcpu, in DecodedInst, void>[] Handlers => s_table.Handlers;

    public static OpInfo[] Info => s_table.Info;

    public static bool[] RunsWhenPredicateFalse => s_table.RunsWhenPredicateFalse;

    /// <summary>Per operation, its handler method when known (see <see cref="SemanticsBuilder.Methods"/>).</summary>
    public static System.Reflection.MethodInfo?[] Methods => s_table.Methods;

    /// <summary>
    /// Operations that may end a straight run of instructions: they branch (set
    /// <see cref="Vcpu.Branched"/>) or stop the processor (system calls, exit).
    /// </summary>
    public static bool[] MayTransferControl => s_transfers ??= BuildTransfers();

    private static bool[]? s_transfers;

    private static bool[] BuildTransfers()
    {
        var transfers = new bool[InstructionTable.Encodings.Count];
        foreach (var row in InstructionTable.Encodings)
        {
            transfers[row.Op] = row.Op != 0 && !HasNoEffect[row.Op]
                && (row.Type == InstructionType.B || row.Mnemonic.StartsWith("br", StringComparison.Ordinal) || row.Mnemonic.StartsWith("chk", StringComparison.Ordinal)
                    || row.Mnemonic.StartsWith("fchkf", StringComparison.Ordinal) || row.Mnemonic.StartsWith("break", StringComparison.Ordinal));
        }

        return transfers;
    }

    /// <summary>Operations whose handler does nothing: the run loop does not call them.</summary>
    public static bool[] HasNoEffect => s_table.NoEffect;

    /// <summary>How many table rows have a handler.</summary>
    public static int Implemented => s_table.BoundCount;

    /// <summary>Whether operation <paramref name="op"/> has a handler (false: it faults as not implemented).</summary>
    public static bool IsImplemented(int op) => s_table.IsBound(op);

    private static SemanticsBuilder Build()
    {
        var b = new SemanticsBuilder(InstructionTable.Encodings.Count, &NotImplemented);
        b.Handlers[0] = &Illegal;
        SystemInstructions.Register(b);
        IntegerAlu.Register(b);
        ShiftsAndBitFields.Register(b);
        ParallelArithmetic.Register(b);
        Multimedia.Register(b);
        ParallelMultiply.Register(b);
        ParallelShifts.Register(b);
        Compares.Register(b);
        Branches.Register(b);
        LoopBranches.Register(b);
        RegisterStackInstructions.Register(b);
        Moves.Register(b);
        IntegerMemory.Register(b);
        Semaphores.Register(b);
        Speculation.Register(b);
        FloatRegisterMoves.Register(b);
        FloatMemory.Register(b);
        FloatArithmeticInstructions.Register(b);
        UserMask.Register(b);
        ProcessorIdentification.Register(b);
        Probes.Register(b);
        FloatCompares.Register(b);
        FloatSignificandInstructions.Register(b);
        FloatConversionInstructions.Register(b);
        FloatStatusInstructions.Register(b);
        FloatParallelInstructions.Register(b);
        FloatApproximationInstructions.Register(b);
        FloatPairLoads.Register(b);
        PrivilegedInstructions.Register(b);

        // Unpredicated instructions ignore their qp field: the run loop treats them like the
        // operations that act on a false predicate, with one table lookup.
        foreach (var row in InstructionTable.Encodings)
        {
            b.RunsWhenPredicateFalse[row.Op] |= (row.Flags & EncodingFlags.NoPredicate) != 0;
        }

        return b;
    }

    /// <summary>
    /// The handler of every operation with no architectural effect here (nop, hint, brp, fences,
    /// prefetches without update). The decoded-code cache recognises it and skips the call.
    /// </summary>
    internal static void NoEffect(Vcpu v, in DecodedInst i)
    {
    }

    private static void Illegal(Vcpu v, in DecodedInst i) =>
        throw new GuestFaultException(FaultKind.IllegalOperation, "illegal operation");

    private static void NotImplemented(Vcpu v, in DecodedInst i) =>
        throw new GuestFaultException(FaultKind.IllegalOperation, $"{i.Encoding.Mnemonic} is not implemented by Ivm yet");
}
