namespace Ivm.Emulator.Isa;

public static partial class InstructionTable
{
    /// <summary>
    /// B-unit (branch) instructions, major opcodes 0 to 7 (3 and 6 are unused): IP-relative and indirect
    /// branches with their whether (wh), sequential prefetch (p: .few/.many) and deallocation (d: .clr)
    /// hints, branch predict (brp), the B8 register-stack and mode-switch operations, nop/break/hint (B9).
    /// </summary>
    private static void DeclareB(TableBuilder t)
    {
        // Major 0: indirect branches (B4). objdump spells an unpredicated br.cond.sptk as plain br, so
        // that row goes first; other btype values are reserved.
        t.Format("B4", "btype 8:6, p 12, x6 32:27, wh 34:33, d 35");
        BranchRows.Unconditional(t, InstructionType.B, "br", "b2", "B4 op=0 x6=0x20 btype=0");
        BranchRows.Family(t, InstructionType.B, "br.cond", "b2", "B4 op=0 x6=0x20 btype=0");
        BranchRows.Family(t, InstructionType.B, "br.ia", "b2", "B4 op=0 x6=0x20 btype=1");
        BranchRows.Family(t, InstructionType.B, "br.ret", "b2", "B4 op=0 x6=0x21 btype=4");

        // Major 0: B8 operations (never predicated) and break.b (B9); only x6 is decoded.
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

        // Major 1: indirect call (B5). Its wh field is 3 bits wide and only the odd values are hints.
        t.Format("B5", "p 12, wh 34:32, d 35");
        for (int wh = 0; wh < 4; wh++)
        {
            for (int p = 0; p < 2; p++)
            {
                for (int d = 0; d < 2; d++)
                {
                    t.B($"br.call{BranchRows.Completers(wh, p, d)} b1=b2", $"B5 op=1 wh={2 * wh + 1} p={p} d={d}");
                }
            }
        }

        // Major 2: indirect branch predict (B7; only the sptk and dptk hints exist), nop.b and hint.b (B9).
        t.Format("B7", "wh 4:3, x6 32:27, ih 35");
        for (int ih = 0; ih < 2; ih++)
        {
            foreach (int wh in (int[])[0, 2])
            {
                string completers = BranchRows.PredictCompleters(wh, ih);
                t.B($"brp{completers} b2,tag13", $"B7 op=2 x6=0x10 wh={wh} ih={ih} nopred");
                t.B($"brp.ret{completers} b2,tag13", $"B7 op=2 x6=0x11 wh={wh} ih={ih} nopred");
            }
        }

        t.B("nop.b immU21", "B8 op=2 x6=0x00");
        t.B("hint.b immU21", "B8 op=2 x6=0x01");

        // Major 4: IP-relative branches (B1, B2). btype 1 and 4 are reserved; the modulo-scheduled loop
        // branches cloop/cexit/ctop are never predicated.
        t.Format("B1", "btype 8:6, p 12, wh 34:33, d 35");
        BranchRows.Unconditional(t, InstructionType.B, "br", "target25c", "B1 op=4 btype=0");
        (string Name, int Btype, string Flags)[] relative =
        [
            ("cond", 0, ""), ("wexit", 2, ""), ("wtop", 3, ""),
            ("cloop", 5, " nopred"), ("cexit", 6, " nopred"), ("ctop", 7, " nopred"),
        ];
        foreach (var (name, btype, flags) in relative)
        {
            BranchRows.Family(t, InstructionType.B, $"br.{name}", "target25c", $"B1 op=4 btype={btype}{flags}");
        }

        // Major 5: IP-relative call (B3).
        t.Format("B3", "p 12, wh 34:33, d 35");
        BranchRows.Family(t, InstructionType.B, "br.call", "b1=target25c", "B3 op=5");

        // Major 7: IP-relative branch predict (B6), all four hints.
        t.Format("B6", "wh 4:3, ih 35");
        for (int ih = 0; ih < 2; ih++)
        {
            for (int wh = 0; wh < 4; wh++)
            {
                t.B($"brp{BranchRows.PredictCompleters(wh, ih)} target25c,tag13", $"B6 op=7 wh={wh} ih={ih} nopred");
            }
        }
    }

    /// <summary>Completer families shared by the B-unit branches and the X-unit long branches.</summary>
    private static class BranchRows
    {
        /// <summary>".wh.few|.many[.clr]" for a 2-bit whether hint, the p bit and the d bit.</summary>
        public static string Completers(int wh, int p, int d) =>
            "." + WhetherHint(wh) + Prefetch(p, d);

        /// <summary>brp's ".sptk|.loop|.dptk|.exit[.imp]" for the B6/B7 wh field and the ih bit.</summary>
        public static string PredictCompleters(int wh, int ih) =>
            (wh switch { 0 => ".sptk", 1 => ".loop", 2 => ".dptk", _ => ".exit" }) + (ih == 1 ? ".imp" : "");

        /// <summary>Every whether/prefetch/deallocation hint combination of one branch.</summary>
        public static void Family(TableBuilder t, InstructionType type, string mnemonic, string operands, string pattern)
        {
            for (int wh = 0; wh < 4; wh++)
            {
                for (int p = 0; p < 2; p++)
                {
                    for (int d = 0; d < 2; d++)
                    {
                        t.Add(type, $"{mnemonic}{Completers(wh, p, d)} {operands}", $"{pattern} wh={wh} p={p} d={d}");
                    }
                }
            }
        }

        /// <summary>
        /// objdump's spelling of a br.cond (brl.cond) with qp=0 and the sptk hint: the mnemonic with only
        /// the prefetch and deallocation hints (br.few, br.many.clr ...). Declare before the family.
        /// </summary>
        public static void Unconditional(TableBuilder t, InstructionType type, string mnemonic, string operands, string pattern)
        {
            for (int p = 0; p < 2; p++)
            {
                for (int d = 0; d < 2; d++)
                {
                    t.Add(type, $"{mnemonic}{Prefetch(p, d)} {operands}", $"{pattern} wh=0 p={p} d={d} 5:0=0");
                }
            }
        }

        private static string WhetherHint(int wh) => wh switch { 0 => "sptk", 1 => "spnt", 2 => "dptk", _ => "dpnt" };

        private static string Prefetch(int p, int d) => (p == 0 ? ".few" : ".many") + (d == 1 ? ".clr" : "");
    }
}
