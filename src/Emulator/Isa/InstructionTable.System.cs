namespace Ivm.Emulator.Isa;

public static partial class InstructionTable
{
    /// <summary>M-unit system and control instructions: mov to/from AR/CR/PSR, TLB, alloc, chk, nop/break.</summary>
    private static void DeclareSystem(TableBuilder t)
    {
        _ = t;
    }
}
