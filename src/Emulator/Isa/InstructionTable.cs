namespace Ivm.Emulator.Isa;

/// <summary>
/// The whole IA-64 instruction set, declared once. Each unit's encodings live in their own file
/// (InstructionTable.A.cs, .I.cs, .Memory.cs, .FloatMemory.cs, .System.cs, .B.cs, .F.cs, .X.cs); the
/// decoder's lookup tree and the disassembler's text are driven from these rows. Within one instruction
/// type, a row declared earlier wins when several rows match the same bits, which is how preferred
/// spellings (pseudo-ops such as mov for adds r1=0,r3) take precedence over the general form.
/// </summary>
public static partial class InstructionTable
{
    private static readonly Encoding[] s_encodings = Declare();

    /// <summary>All rows; index 0 is the illegal operation, and a row's index is its operation number.</summary>
    public static IReadOnlyList<Encoding> Encodings => s_encodings;

    internal static Encoding[] Rows => s_encodings;

    private static Encoding[] Declare()
    {
        var t = new TableBuilder();
        DeclareA(t);
        DeclareI(t);
        DeclareMemory(t);
        DeclareFloatMemory(t);
        DeclareSystem(t);
        DeclareB(t);
        DeclareF(t);
        DeclareX(t);
        return [.. t.Rows];
    }
}
