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

    /// <summary>How many table rows have a handler.</summary>
    public static int Implemented => s_table.BoundCount;

    private static SemanticsBuilder Build()
    {
        var b = new SemanticsBuilder(InstructionTable.Encodings.Count, &NotImplemented);
        b.Handlers[0] = &Illegal;
        SystemInstructions.Register(b);
        IntegerAlu.Register(b);
        ShiftsAndBitFields.Register(b);
        ParallelArithmetic.Register(b);
        Compares.Register(b);
        Branches.Register(b);
        LoopBranches.Register(b);
        RegisterStackInstructions.Register(b);
        Moves.Register(b);
        IntegerMemory.Register(b);
        Semaphores.Register(b);
        Speculation.Register(b);
        FloatRegisterMoves.Register(b);
        FloatArithmeticInstructions.Register(b);
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

    private static void Illegal(Vcpu v, in DecodedInst i) =>
        throw new GuestFaultException(FaultKind.IllegalOperation, "illegal operation");

    private static void NotImplemented(Vcpu v, in DecodedInst i) =>
        throw new GuestFaultException(FaultKind.IllegalOperation, $"{i.Encoding.Mnemonic} is not implemented by Ivm yet");
}
