namespace Ivm.Emulator.Isa;

public static partial class InstructionTable
{
    /// <summary>
    /// X-unit instructions: slot 2 of an MLX bundle, whose immediates continue in the L slot (the
    /// decoder forms immU62, immU64 and target64 from both).
    /// </summary>
    private static void DeclareX(TableBuilder t)
    {
        // Major 0: break.x, nop.x (X1) and hint.x (X5); y tells nop from hint.
        t.Format("X1", "x3 35:33, x6 32:27, y 26");
        t.X("break.x immU62", "X1 op=0 x3=0 x6=0x00");
        t.X("nop.x immU62", "X1 op=0 x3=0 x6=0x01 y=0");
        t.X("hint.x immU62", "X1 op=0 x3=0 x6=0x01 y=1");

        // Major 6: movl (X2); vc=1 is reserved.
        t.Format("X2", "vc 20");
        t.X("movl r1=immU64", "X2 op=6 vc=0");

        // Major 12: long branch (X3); like br, an unpredicated brl.cond.sptk prints as plain brl.
        t.Format("X3", "btype 8:6, p 12, wh 34:33, d 35");
        BranchRows.Unconditional(t, InstructionType.X, "brl", "target64", "X3 op=12 btype=0");
        BranchRows.Family(t, InstructionType.X, "brl.cond", "target64", "X3 op=12 btype=0");

        // Major 13: long call (X4).
        t.Format("X4", "p 12, wh 34:33, d 35");
        BranchRows.Family(t, InstructionType.X, "brl.call", "b1=target64", "X4 op=13");
    }
}
