namespace Ivm.Emulator.Isa;

public static partial class InstructionTable
{
    /// <summary>B-unit (branch) instructions.</summary>
    private static void DeclareB(TableBuilder t)
    {
        _ = t;
    }
}
