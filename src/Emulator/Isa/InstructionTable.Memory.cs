namespace Ivm.Emulator.Isa;

public static partial class InstructionTable
{
    /// <summary>M-unit memory instructions: loads, stores, semaphores, lfetch, FP loads and stores.</summary>
    private static void DeclareMemory(TableBuilder t)
    {
        _ = t;
    }
}
