namespace Ivm.Emulator.Isa;

public static partial class InstructionTable
{
    /// <summary>
    /// X-unit instructions: slot 2 of an MLX bundle, whose immediates continue in the L slot (the
    /// decoder forms immU62, immU64 and target64 from both).
    /// </summary>
    private static void DeclareX(TableBuilder t)
    {
        // X1, X5: break.x, nop.x, hint.x (major 0).
        t.Format("X1", "x3 35:33, x6 32:27, y 26");
        t.X("break.x immU62", "X1 op=0 x3=0 x6=0x00");
        t.X("nop.x immU62", "X1 op=0 x3=0 x6=0x01 y=0");
        t.X("hint.x immU62", "X1 op=0 x3=0 x6=0x01 y=1");

        // X2: movl (major 6).
        t.Format("X2", "vc 20");
        t.X("movl r1=immU64", "X2 op=6 vc=0");

        // X3: long branch (major 12); qp=0 with the static-taken hint prints as plain brl.
        t.Format("X3", "btype 8:6, p 12, wh 34:33, d 35");
        UnconditionalBranch(t, InstructionType.X, "brl", "target64", "X3 op=12 btype=0");
        BranchFamily(t, InstructionType.X, "brl.cond", "target64", "X3 op=12 btype=0");

        // X4: long call (major 13).
        t.Format("X4", "p 12, wh 34:33, d 35");
        BranchFamily(t, InstructionType.X, "brl.call", "b1=target64", "X4 op=13");
    }
}
