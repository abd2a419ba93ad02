namespace Ivm.Emulator.Isa;

public static partial class InstructionTable
{
    /// <summary>X-unit (L+X long immediate) instructions.</summary>
    private static void DeclareX(TableBuilder t)
    {
        _ = t;
    }
}
