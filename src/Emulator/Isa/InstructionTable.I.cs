namespace Ivm.Emulator.Isa;

public static partial class InstructionTable
{
    /// <summary>I-unit (shift, deposit, multimedia, mov to/from AR/BR/PR, nop/break) instructions.</summary>
    private static void DeclareI(TableBuilder t)
    {
        _ = t;
    }
}
