namespace Ivm.Emulator.Isa;

public static partial class InstructionTable
{
    // Branch whether-hints in the 2-bit wh field of B1, B3, B4 (and brl's X3, X4), by field value.
    private static readonly string[] s_branchHints = ["sptk", "spnt", "dptk", "dpnt"];

    /// <summary>
    /// B-unit (branch) instructions, major opcodes 0 to 7: IP-relative and indirect branches with their
    /// whether (wh), prefetch (p: .few/.many) and deallocation (d: .clr) hints, branch predict (brp),
    /// the register-stack and mode-switch instructions of B8, and nop/break/hint (B9).
    /// </summary>
    private static void DeclareB(TableBuilder t)
    {
        // Major 4: IP-relative branches (B1); btype selects the kind, 1 and 4 are reserved.
        t.Format("B1", "btype 8:6, p 12, wh 34:33, d 35");
        (string Name, int Btype, bool NoPred)[] relative =
        [
            ("cond", 0, false), ("wexit", 2, false), ("wtop", 3, false),
            ("cloop", 5, true), ("cexit", 6, true), ("ctop", 7, true),
        ];
        // Unpredicated br.cond with the static-taken hint prints as plain br (prefetch and .clr kept).
        UnconditionalBranch(t, InstructionType.B, "br", "target25c", "B1 op=4 btype=0");
        foreach (var (name, btype, noPred) in relative)
        {
            BranchFamily(t, InstructionType.B, $"br.{name}", "target25c", $"B1 op=4 btype={btype}" + (noPred ? " nopred" : ""));
        }

        // Major 5: IP-relative call (B3).
        t.Format("B3", "p 12, wh 34:33, d 35");
        BranchFamily(t, InstructionType.B, "br.call", "b1=target25c", "B3 op=5");

        // Major 0: indirect branches (B4), then the miscellaneous B8 operations and break.b (B9).
        t.Format("B4", "btype 8:6, p 12, x6 32:27, wh 34:33, d 35");
        UnconditionalBranch(t, InstructionType.B, "br", "b2", "B4 op=0 x6=0x20 btype=0");
        BranchFamily(t, InstructionType.B, "br.cond", "b2", "B4 op=0 x6=0x20 btype=0");
        BranchFamily(t, InstructionType.B, "br.ia", "b2", "B4 op=0 x6=0x20 btype=1");
        BranchFamily(t, InstructionType.B, "br.ret", "b2", "B4 op=0 x6=0x21 btype=4");

        t.Format("B8", "x6 32:27");
        t.B("break.b immU21", "B8 op=0 x6=0x00");
        t.B("cover", "B8 op=0 x6=0x02 nopred");
        t.B("clrrrb", "B8 op=0 x6=0x04 nopred");
        t.B("clrrrb.pr", "B8 op=0 x6=0x05 nopred");
        t.B("rfi", "B8 op=0 x6=0x08 nopred");
        t.B("bsw.0", "B8 op=0 x6=0x0c nopred");
        t.B("bsw.1", "B8 op=0 x6=0x0d nopred");
        t.B("epc", "B8 op=0 x6=0x10 nopred");
        t.B("vmsw.0", "B8 op=0 x6=0x18 nopred");
        t.B("vmsw.1", "B8 op=0 x6=0x19 nopred");

        // Major 1: indirect call (B5); its 3-bit wh field uses only the odd values.
        t.Format("B5", "p 12, wh 34:32, d 35");
        for (int wh = 0; wh < 4; wh++)
        {
            for (int p = 0; p < 2; p++)
            {
                for (int d = 0; d < 2; d++)
                {
                    string completers = $"{s_branchHints[wh]}{(p == 0 ? ".few" : ".many")}{(d == 1 ? ".clr" : "")}";
                    t.B($"br.call.{completers} b1=b2", $"B5 op=1 wh={2 * wh + 1} p={p} d={d}");
                }
            }
        }

        // Major 2: indirect branch predict (B7) and nop.b/hint.b (B9).
        t.Format("B7", "wh 4:3, x6 32:27, ih 35");
        string[] predictHints = ["sptk", "loop", "dptk", "exit"];
        for (int ih = 0; ih < 2; ih++)
        {
            string imp = ih == 1 ? ".imp" : "";
            foreach (int wh in (int[])[0, 2])
            {
                t.B($"brp.{predictHints[wh]}{imp} b2,tag13", $"B7 op=2 x6=0x10 wh={wh} ih={ih} nopred");
                t.B($"brp.ret.{predictHints[wh]}{imp} b2,tag13", $"B7 op=2 x6=0x11 wh={wh} ih={ih} nopred");
            }
        }

        t.B("nop.b immU21", "B8 op=2 x6=0x00");
        t.B("hint.b immU21", "B8 op=2 x6=0x01");

        // Major 7: IP-relative branch predict (B6).
        t.Format("B6", "wh 4:3, ih 35");
        for (int ih = 0; ih < 2; ih++)
        {
            for (int wh = 0; wh < 4; wh++)
            {
                t.B($"brp.{predictHints[wh]}{(ih == 1 ? ".imp" : "")} target25c,tag13", $"B6 op=7 wh={wh} ih={ih} nopred");
            }
        }
    }

    /// <summary>The qp=0, wh=sptk spelling of a conditional branch: br.few, br.many, br.few.clr, br.many.clr.</summary>
    private static void UnconditionalBranch(TableBuilder t, InstructionType type, string mnemonic, string operands, string pattern)
    {
        for (int p = 0; p < 2; p++)
        {
            for (int d = 0; d < 2; d++)
            {
                string completers = $"{(p == 0 ? ".few" : ".many")}{(d == 1 ? ".clr" : "")}";
                t.Add(type, $"{mnemonic}{completers} {operands}", $"{pattern} wh=0 p={p} d={d} 5:0=0");
            }
        }
    }

    /// <summary>One branch with every whether/prefetch/deallocation hint combination.</summary>
    private static void BranchFamily(TableBuilder t, InstructionType type, string mnemonic, string operands, string pattern)
    {
        for (int wh = 0; wh < 4; wh++)
        {
            for (int p = 0; p < 2; p++)
            {
                for (int d = 0; d < 2; d++)
                {
                    string completers = $"{s_branchHints[wh]}{(p == 0 ? ".few" : ".many")}{(d == 1 ? ".clr" : "")}";
                    t.Add(type, $"{mnemonic}.{completers} {operands}", $"{pattern} wh={wh} p={p} d={d}");
                }
            }
        }
    }
}
