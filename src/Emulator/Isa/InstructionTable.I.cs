namespace Ivm.Emulator.Isa;

public static partial class InstructionTable
{
    /// <summary>
    /// I-unit instructions, major opcodes 0 to 7 (majors 1, 2, 3 and 6 are unused and decode as
    /// illegal): nop/break/hint, speculation check, moves to and from branch, predicate and
    /// application registers, extensions, deposits and extracts, test bit/NaT, and the multimedia
    /// multiply, shift, mix, pack and permute operations.
    /// </summary>
    private static void DeclareI(TableBuilder t)
    {
        DeclareIMisc(t);
        DeclareIDeposit(t);
        DeclareITest(t);
        DeclareIMultimedia(t);
    }

    // Major 0 (I19..I29): x3 selects the group; in group 0, x6 selects the operation.
    private static void DeclareIMisc(TableBuilder t)
    {
        t.Format("I0", "x3 35:33, x6 32:27, y 26, ih 23, x 22, wh 21:20");

        // I19: break and nop/hint (y selects hint).
        t.I("break.i immU21", "I0 op=0 x3=0 x6=0");
        t.I("nop.i immU21", "I0 op=0 x3=0 x6=1 y=0");
        t.I("hint.i immU21", "I0 op=0 x3=0 x6=1 y=1");

        // I20: speculation check on the I unit.
        t.I("chk.s.i r2,target25b", "I0 op=0 x3=1");

        // I21: move to a branch register; wh is the prediction hint, x marks a return, ih importance.
        // objdump drops the tag of the plain (no-hint) form.
        t.I("mov b1=r2", "I0 op=0 x3=7 x=0 wh=1 ih=0 pseudo");
        (string Name, int Value)[] hints = [(".sptk", 0), ("", 1), (".dptk", 2)];
        for (int x = 0; x <= 1; x++)
        {
            foreach (var (hint, wh) in hints)
            {
                for (int ih = 0; ih <= 1; ih++)
                {
                    string name = "mov" + (x == 1 ? ".ret" : "") + hint + (ih == 1 ? ".imp" : "");
                    t.I($"{name} b1=r2,tag13b", $"I0 op=0 x3=7 x={x} wh={wh} ih={ih}");
                }
            }
        }

        // I22, I25: read branch registers, ip and predicates.
        t.I("mov r1=b2", "I0 op=0 x3=0 x6=0x31");
        t.I("mov r1=ip", "I0 op=0 x3=0 x6=0x30");
        t.I("mov r1=pr", "I0 op=0 x3=0 x6=0x33");

        // I23, I24: write predicates (objdump always shows the mask, even a full one).
        t.I("mov pr=r2,imm17", "I0 op=0 x3=3");
        t.I("mov pr.rot=imm44", "I0 op=0 x3=2");

        // I26, I27, I28: application registers through the I unit.
        t.I("mov.i ar3=r2", "I0 op=0 x3=0 x6=0x2a");
        t.I("mov.i ar3=imm8", "I0 op=0 x3=0 x6=0x0a");
        t.I("mov.i r1=ar3", "I0 op=0 x3=0 x6=0x32");

        // I29: zero/sign extension and compute-zero-index.
        (string Name, int X6)[] extends =
        [
            ("zxt1", 0x10), ("zxt2", 0x11), ("zxt4", 0x12), ("sxt1", 0x14), ("sxt2", 0x15), ("sxt4", 0x16),
            ("czx1.l", 0x18), ("czx2.l", 0x19), ("czx1.r", 0x1c), ("czx2.r", 0x1d),
        ];
        foreach (var (name, x6) in extends)
        {
            t.I($"{name} r1=r3", $"I0 op=0 x3=0 x6={x6}");
        }
    }

    // Majors 4 and 5 (I10..I15): shift right pair, extract, deposit.
    private static void DeclareIDeposit(TableBuilder t)
    {
        // I15: deposit a register with a 4-bit length.
        t.Format("I15", "cpos 36:31, len4 30:27");
        t.I("dep r1=r2,r3,PosComplement6C,Len4", "I15 op=4");

        t.Format("I5", "x2 35:34, x 33, y 26, ya 13");

        // I10: shift right pair.
        t.I("shrp r1=r2,r3,count6", "I5 op=5 x2=3 x=0");

        // I11, I12: extract and deposit-zero; a field running to the top bit prints as a shift.
        t.I("shr.u r1=r3,pos6", "I5 op=5 x2=1 x=0 ya=0 len=64-count pseudo");
        t.I("extr.u r1=r3,pos6,len6", "I5 op=5 x2=1 x=0 ya=0");
        t.I("shr r1=r3,pos6", "I5 op=5 x2=1 x=0 ya=1 len=64-count pseudo");
        t.I("extr r1=r3,pos6,len6", "I5 op=5 x2=1 x=0 ya=1");
        t.I("shl r1=r2,PosComplement6A", "I5 op=5 x2=1 x=1 y=0 len=64-count pseudo");
        t.I("dep.z r1=r2,PosComplement6A,len6", "I5 op=5 x2=1 x=1 y=0");

        // I13, I14: deposit an immediate.
        t.I("dep.z r1=imm8,PosComplement6A,len6", "I5 op=5 x2=1 x=1 y=1");
        t.I("dep r1=imm1,r3,PosComplement6B,len6", "I5 op=5 x2=3 x=1");
    }

    // Major 5, x2=0 (I16, I17, I30): test bit, test NaT, test feature.
    private static void DeclareITest(TableBuilder t)
    {
        t.Format("I16", "x2 35:34, ta 33, tb 36, ya 13, xc 19, c 12");

        // The relation completer comes from ta, tb and c; the swapped-target spellings (tbit.nz for
        // tbit.z with p1 and p2 exchanged) are pseudo-ops objdump never prints.
        (string Name, int Ta, int Tb, int C)[] relations =
        [
            (".z", 0, 0, 0), (".z.unc", 0, 0, 1), (".z.and", 0, 1, 0), (".nz.and", 0, 1, 1),
            (".z.or", 1, 0, 0), (".nz.or", 1, 0, 1), (".z.or.andcm", 1, 1, 0), (".nz.or.andcm", 1, 1, 1),
        ];
        foreach (var (rel, ta, tb, c) in relations)
        {
            t.I($"tf{rel} p1,p2=immU5b", $"I16 op=5 x2=0 ta={ta} tb={tb} ya=1 xc=1 c={c}");
        }

        foreach (var (rel, ta, tb, c) in relations)
        {
            t.I($"tbit{rel} p1,p2=r3,pos6", $"I16 op=5 x2=0 ta={ta} tb={tb} ya=0 c={c}");
            t.I($"tnat{rel} p1,p2=r3", $"I16 op=5 x2=0 ta={ta} tb={tb} ya=1 c={c}");
        }
    }

    // Major 7 (I1..I9): multimedia multiply, shift, mix, pack, permute, population count.
    private static void DeclareIMultimedia(TableBuilder t)
    {
        t.Format("I7", "za 36, x2a 35:34, zb 33, ve 32, x2c 31:30, x2b 29:28");

        // I1: parallel multiply and shift right.
        t.I("pmpyshr2 r1=r2,r3,count2c", "I7 op=7 za=0 zb=1 ve=0 x2a=0 x2b=3");
        t.I("pmpyshr2.u r1=r2,r3,count2c", "I7 op=7 za=0 zb=1 ve=0 x2a=0 x2b=1");

        // I2: multiply, mix, pack, unpack, min/max, sum of absolute differences (x2a=2).
        (string Name, int Za, int Zb, int X2b, int X2c)[] i2 =
        [
            ("pmpy2.r", 0, 1, 1, 3), ("pmpy2.l", 0, 1, 3, 3),
            ("mix1.r", 0, 0, 0, 2), ("mix2.r", 0, 1, 0, 2), ("mix4.r", 1, 0, 0, 2),
            ("mix1.l", 0, 0, 2, 2), ("mix2.l", 0, 1, 2, 2), ("mix4.l", 1, 0, 2, 2),
            ("pack2.uss", 0, 1, 0, 0), ("pack2.sss", 0, 1, 2, 0), ("pack4.sss", 1, 0, 2, 0),
            ("unpack1.h", 0, 0, 0, 1), ("unpack2.h", 0, 1, 0, 1), ("unpack4.h", 1, 0, 0, 1),
            ("unpack1.l", 0, 0, 2, 1), ("unpack2.l", 0, 1, 2, 1), ("unpack4.l", 1, 0, 2, 1),
            ("pmin1.u", 0, 0, 1, 0), ("pmax1.u", 0, 0, 1, 1), ("pmin2", 0, 1, 3, 0), ("pmax2", 0, 1, 3, 1),
            ("psad1", 0, 0, 3, 2),
        ];
        foreach (var (name, za, zb, x2b, x2c) in i2)
        {
            t.I($"{name} r1=r2,r3", $"I7 op=7 za={za} zb={zb} ve=0 x2a=2 x2b={x2b} x2c={x2c}");
        }

        // I3, I4: byte and halfword permutes.
        t.I("mux1 r1=r2,MuxType4", "I7 op=7 za=0 zb=0 ve=0 x2a=3 x2b=2 x2c=2");
        t.I("mux2 r1=r2,MuxType8", "I7 op=7 za=0 zb=1 ve=0 x2a=3 x2b=2 x2c=2");

        // I5, I7: variable shifts; za/zb give the element size (both set: the whole 64-bit register).
        (string Size, int Za, int Zb)[] sizes = [("2", 0, 1), ("4", 1, 0)];
        foreach (var (size, za, zb) in sizes)
        {
            t.I($"pshr{size} r1=r3,r2", $"I7 op=7 za={za} zb={zb} ve=0 x2a=0 x2b=2 x2c=0");
            t.I($"pshr{size}.u r1=r3,r2", $"I7 op=7 za={za} zb={zb} ve=0 x2a=0 x2b=0 x2c=0");
            t.I($"pshl{size} r1=r2,r3", $"I7 op=7 za={za} zb={zb} ve=0 x2a=0 x2b=0 x2c=1");
        }

        t.I("shr r1=r3,r2", "I7 op=7 za=1 zb=1 ve=0 x2a=0 x2b=2 x2c=0");
        t.I("shr.u r1=r3,r2", "I7 op=7 za=1 zb=1 ve=0 x2a=0 x2b=0 x2c=0");
        t.I("shl r1=r2,r3", "I7 op=7 za=1 zb=1 ve=0 x2a=0 x2b=0 x2c=1");

        // I6, I8: fixed shifts.
        foreach (var (size, za, zb) in sizes)
        {
            t.I($"pshr{size} r1=r3,count5", $"I7 op=7 za={za} zb={zb} ve=0 x2a=1 x2b=3 x2c=0");
            t.I($"pshr{size}.u r1=r3,count5", $"I7 op=7 za={za} zb={zb} ve=0 x2a=1 x2b=1 x2c=0");
            t.I($"pshl{size} r1=r2,CountComplement5", $"I7 op=7 za={za} zb={zb} ve=0 x2a=3 x2b=1 x2c=1");
        }

        // 32-bit multiplies (x2a=0, x2c=3).
        t.I("mpy4 r1=r2,r3", "I7 op=7 za=1 zb=0 ve=0 x2a=0 x2b=1 x2c=3");
        t.I("mpyshl4 r1=r2,r3", "I7 op=7 za=1 zb=0 ve=0 x2a=0 x2b=3 x2c=3");

        // I9: population count and count leading zeros.
        t.I("popcnt r1=r3", "I7 op=7 za=0 zb=1 ve=0 x2a=1 x2b=1 x2c=2");
        t.I("clz r1=r3", "I7 op=7 za=0 zb=1 ve=0 x2a=1 x2b=1 x2c=3");
    }
}
