namespace Ivm.Emulator.Isa;

public static partial class InstructionTable
{
    /// <summary>
    /// A-unit instructions, major opcodes 8 to 14 on I and M units: integer ALU (8, 9), integer compares
    /// (12, 13, 14) and the multimedia ALU (8). Majors 10, 11 and 15 are unused and decode as illegal.
    /// </summary>
    private static void DeclareA(TableBuilder t)
    {
        DeclareIntegerAlu(t);
        DeclareMultimediaAlu(t);
        DeclareCompares(t);
    }

    private static void DeclareIntegerAlu(TableBuilder t)
    {
        // A1: register-register ALU. The carry-in/borrow forms take a fixed ",1" operand.
        t.Format("A1", "x2a 35:34, ve 33, x4 32:29, x2b 28:27");
        t.A("add r1=r2,r3", "A1 op=8 x2a=0 ve=0 x4=0 x2b=0");
        t.A("add r1=r2,r3,1", "A1 op=8 x2a=0 ve=0 x4=0 x2b=1");
        t.A("sub r1=r2,r3,1", "A1 op=8 x2a=0 ve=0 x4=1 x2b=0");
        t.A("sub r1=r2,r3", "A1 op=8 x2a=0 ve=0 x4=1 x2b=1");
        t.A("addp4 r1=r2,r3", "A1 op=8 x2a=0 ve=0 x4=2 x2b=0");
        t.A("and r1=r2,r3", "A1 op=8 x2a=0 ve=0 x4=3 x2b=0");
        t.A("andcm r1=r2,r3", "A1 op=8 x2a=0 ve=0 x4=3 x2b=1");
        t.A("or r1=r2,r3", "A1 op=8 x2a=0 ve=0 x4=3 x2b=2");
        t.A("xor r1=r2,r3", "A1 op=8 x2a=0 ve=0 x4=3 x2b=3");

        // A2: shift left and add; x2b holds the count.
        t.A("shladd r1=r2,Count2A,r3", "A1 op=8 x2a=0 ve=0 x4=4");
        t.A("shladdp4 r1=r2,Count2A,r3", "A1 op=8 x2a=0 ve=0 x4=6");

        // A3: 8-bit immediate ALU.
        t.A("sub r1=imm8,r3", "A1 op=8 x2a=0 ve=0 x4=9 x2b=1");
        t.A("and r1=imm8,r3", "A1 op=8 x2a=0 ve=0 x4=0xb x2b=0");
        t.A("andcm r1=imm8,r3", "A1 op=8 x2a=0 ve=0 x4=0xb x2b=1");
        t.A("or r1=imm8,r3", "A1 op=8 x2a=0 ve=0 x4=0xb x2b=2");
        t.A("xor r1=imm8,r3", "A1 op=8 x2a=0 ve=0 x4=0xb x2b=3");

        // A4: 14-bit immediate add; adds of 0 is shown as a register move.
        t.Format("A4", "x2a 35:34, ve 33");
        t.A("mov r1=r3", "A4 op=8 x2a=2 ve=0 19:13=0 32:27=0 36=0");
        t.A("adds r1=imm14,r3", "A4 op=8 x2a=2 ve=0");
        t.A("addp4 r1=imm14,r3", "A4 op=8 x2a=3 ve=0");

        // A5: 22-bit immediate add from r0..r3; from r0 it is a move of the immediate.
        t.Format("A5", "r3 21:20");
        t.A("mov r1=imm22", "A5 op=9 r3=0");
        t.A("addl r1=imm22,r3Low2", "A5 op=9");
    }

    private static void DeclareMultimediaAlu(TableBuilder t)
    {
        // A9: parallel add/subtract/average/compare; za:zb selects the element size (1, 2, 4 bytes), and
        // only the modulo forms and compares exist for 4-byte elements. "#" stands for the size.
        t.Format("A9", "x2a 35:34, za 36, zb 33, x4 32:29, x2b 28:27");
        (string Size, int Za, int Zb)[] sizes = [("1", 0, 0), ("2", 0, 1), ("4", 1, 0)];
        (string Name, int X4, int X2b, bool AllSizes)[] ops =
        [
            ("padd#", 0, 0, true), ("padd#.sss", 0, 1, false), ("padd#.uuu", 0, 2, false), ("padd#.uus", 0, 3, false),
            ("psub#", 1, 0, true), ("psub#.sss", 1, 1, false), ("psub#.uuu", 1, 2, false), ("psub#.uus", 1, 3, false),
            ("pavg#", 2, 2, false), ("pavg#.raz", 2, 3, false), ("pavgsub#", 3, 2, false),
            ("pcmp#.eq", 9, 0, true), ("pcmp#.gt", 9, 1, true),
        ];
        foreach (var (name, x4, x2b, allSizes) in ops)
        {
            foreach (var (size, za, zb) in sizes)
            {
                if (allSizes || size != "4")
                {
                    t.A($"{name.Replace("#", size, StringComparison.Ordinal)} r1=r2,r3",
                        $"A9 op=8 x2a=1 za={za} zb={zb} x4={x4} x2b={x2b}");
                }
            }
        }

        // A10: parallel shift and add on 2-byte elements; x2b holds the count.
        t.A("pshladd2 r1=r2,Count2B,r3", "A9 op=8 x2a=1 za=0 zb=1 x4=4");
        t.A("pshradd2 r1=r2,Count2B,r3", "A9 op=8 x2a=1 za=0 zb=1 x4=6");
    }

    private static void DeclareCompares(TableBuilder t)
    {
        // A6, A7, A8: tb (register forms) or s (A8) at 36, x2 selects cmp/cmp4 and register/immediate,
        // ta and c select the predicate-write type. Each major opcode has its own relation and
        // parallel type: 12 lt and .and, 13 ltu and .or, 14 eq and .or.andcm.
        t.Format("A6", "tb 36, x2 35:34, ta 33, c 12");
        (int Op, string Rel, string Parallel)[] majors = [(0xc, "lt", "and"), (0xd, "ltu", "or"), (0xe, "eq", "or.andcm")];
        foreach (var (op, rel, parallel) in majors)
        {
            for (int x2 = 0; x2 < 2; x2++)
            {
                string cmp = x2 == 0 ? "cmp" : "cmp4";

                // A6: register-register.
                t.A($"{cmp}.{rel} p1,p2=r2,r3", $"A6 op={op} x2={x2} tb=0 ta=0 c=0");
                t.A($"{cmp}.{rel}.unc p1,p2=r2,r3", $"A6 op={op} x2={x2} tb=0 ta=0 c=1");
                t.A($"{cmp}.eq.{parallel} p1,p2=r2,r3", $"A6 op={op} x2={x2} tb=0 ta=1 c=0");
                t.A($"{cmp}.ne.{parallel} p1,p2=r2,r3", $"A6 op={op} x2={x2} tb=0 ta=1 c=1");

                // A7: parallel compares against r0 (the r2 field is not decoded).
                t.A($"{cmp}.gt.{parallel} p1,p2=r0,r3", $"A6 op={op} x2={x2} tb=1 ta=0 c=0");
                t.A($"{cmp}.le.{parallel} p1,p2=r0,r3", $"A6 op={op} x2={x2} tb=1 ta=0 c=1");
                t.A($"{cmp}.ge.{parallel} p1,p2=r0,r3", $"A6 op={op} x2={x2} tb=1 ta=1 c=0");
                t.A($"{cmp}.lt.{parallel} p1,p2=r0,r3", $"A6 op={op} x2={x2} tb=1 ta=1 c=1");
            }

            for (int x2 = 2; x2 < 4; x2++)
            {
                string cmp = x2 == 2 ? "cmp" : "cmp4";
                string imm = op == 0xd && x2 == 3 ? "imm8U4" : "imm8";

                // A8: 8-bit immediate.
                t.A($"{cmp}.{rel} p1,p2={imm},r3", $"A6 op={op} x2={x2} ta=0 c=0");
                t.A($"{cmp}.{rel}.unc p1,p2={imm},r3", $"A6 op={op} x2={x2} ta=0 c=1");
                t.A($"{cmp}.eq.{parallel} p1,p2=imm8,r3", $"A6 op={op} x2={x2} ta=1 c=0");
                t.A($"{cmp}.ne.{parallel} p1,p2=imm8,r3", $"A6 op={op} x2={x2} ta=1 c=1");
            }
        }
    }
}
