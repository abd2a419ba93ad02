namespace Ivm.Emulator.Isa;

public static partial class InstructionTable
{
    /// <summary>M-unit integer memory instructions, major opcodes 4 and 5: loads, stores, semaphores, getf.</summary>
    private static void DeclareMemory(TableBuilder t)
    {
        _ = t;
    }
}
