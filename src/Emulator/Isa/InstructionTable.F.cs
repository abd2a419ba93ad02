namespace Ivm.Emulator.Isa;

public static partial class InstructionTable
{
    /// <summary>F-unit (floating-point) instructions.</summary>
    private static void DeclareF(TableBuilder t)
    {
        _ = t;
    }
}
