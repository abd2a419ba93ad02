namespace Ivm.Emulator.Isa;

public static partial class InstructionTable
{
    /// <summary>M-unit floating-point memory instructions, major opcodes 6 and 7: FP loads and stores, lfetch, setf.</summary>
    private static void DeclareFloatMemory(TableBuilder t)
    {
        _ = t;
    }
}
