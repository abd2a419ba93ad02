namespace Ivm.Emulator.Isa;

public static partial class InstructionTable
{
    /// <summary>M-unit integer memory instructions, major opcodes 4 and 5: loads, stores, semaphores, getf.</summary>
    private static void DeclareMemory(TableBuilder t)
    {
        // Major 4: m (bit 36) and x (bit 27) select the group, x6 the operation, hint the locality.
        t.Format("M4", "m 36, x6 35:30, hint 29:28, x 27");

        // Major 5: the immediate post-increment forms; bits 36 and 27 belong to the immediate.
        t.Format("M5", "x6 35:30, hint 29:28");

        // The load completers by x6 (bits 1:0 of x6 select the size, except for ld8.fill).
        (int X6, string Name)[] loads =
        [
            (0x00, "ld1"), (0x01, "ld2"), (0x02, "ld4"), (0x03, "ld8"),
            (0x04, "ld1.s"), (0x05, "ld2.s"), (0x06, "ld4.s"), (0x07, "ld8.s"),
            (0x08, "ld1.a"), (0x09, "ld2.a"), (0x0a, "ld4.a"), (0x0b, "ld8.a"),
            (0x0c, "ld1.sa"), (0x0d, "ld2.sa"), (0x0e, "ld4.sa"), (0x0f, "ld8.sa"),
            (0x10, "ld1.bias"), (0x11, "ld2.bias"), (0x12, "ld4.bias"), (0x13, "ld8.bias"),
            (0x14, "ld1.acq"), (0x15, "ld2.acq"), (0x16, "ld4.acq"), (0x17, "ld8.acq"),
            (0x1b, "ld8.fill"),
            (0x20, "ld1.c.clr"), (0x21, "ld2.c.clr"), (0x22, "ld4.c.clr"), (0x23, "ld8.c.clr"),
            (0x24, "ld1.c.nc"), (0x25, "ld2.c.nc"), (0x26, "ld4.c.nc"), (0x27, "ld8.c.nc"),
            (0x28, "ld1.c.clr.acq"), (0x29, "ld2.c.clr.acq"), (0x2a, "ld4.c.clr.acq"), (0x2b, "ld8.c.clr.acq"),
        ];

        // Forms whose r2 field is unused carry a fourth hint bit ("hlf": bit 19 for loads, bit 12 for
        // stores), giving the eight .dN locality hints. objdump names loads' hints 1 and 3 .nt1/.nta
        // and stores' hint 1 .d1.
        string[] loadHints = ["", ".nt1", ".d2", ".nta", ".d4", ".d5", ".d6", ".d7"];
        string[] storeHints = ["", ".d1", ".d2", ".nta", ".d4", ".d5", ".d6", ".d7"];

        // Post-increment forms have only the three architected hints.
        (int Hint, string Name)[] hints = [(0, ""), (1, ".nt1"), (3, ".nta")];

        // M1: loads.
        foreach (var (x6, name) in loads)
        {
            for (int h = 0; h < 8; h++)
            {
                t.M($"{name}{loadHints[h]} r1=[r3]", $"M4 op=4 m=0 x=0 x6={x6} hint={h & 3} 19={h >> 2}");
            }
        }

        // M2: loads with register post-increment.
        foreach (var (x6, name) in loads)
        {
            foreach (var (h, hint) in hints)
            {
                t.M($"{name}{hint} r1=[r3],r2", $"M4 op=4 m=1 x=0 x6={x6} hint={h}");
            }
        }

        // M4: stores.
        (int X6, string Name)[] stores =
        [
            (0x30, "st1"), (0x31, "st2"), (0x32, "st4"), (0x33, "st8"),
            (0x34, "st1.rel"), (0x35, "st2.rel"), (0x36, "st4.rel"), (0x37, "st8.rel"),
            (0x3b, "st8.spill"),
        ];
        foreach (var (x6, name) in stores)
        {
            for (int h = 0; h < 8; h++)
            {
                t.M($"{name}{storeHints[h]} [r3]=r2", $"M4 op=4 m=0 x=0 x6={x6} hint={h & 3} 12={h >> 2}");
            }
        }

        // M16: semaphores (x=1); ar.ccv (and ar.csd) are implicit operands objdump shows.
        string[] sizes = ["1", "2", "4", "8"];
        foreach (var (rel, sem) in new[] { (0, "acq"), (4, "rel") })
        {
            for (int s = 0; s < 4; s++)
            {
                foreach (var (h, hint) in hints)
                {
                    t.M($"cmpxchg{sizes[s]}.{sem}{hint} r1=[r3],r2,ar.ccv", $"M4 op=4 m=0 x=1 x6={rel | s} hint={h}");
                }
            }

            foreach (var (h, hint) in hints)
            {
                t.M($"cmp8xchg16.{sem}{hint} r1=[r3],r2,ar.csd,ar.ccv", $"M4 op=4 m=0 x=1 x6={0x20 | rel} hint={h}");
            }
        }

        for (int s = 0; s < 4; s++)
        {
            foreach (var (h, hint) in hints)
            {
                t.M($"xchg{sizes[s]}{hint} r1=[r3],r2", $"M4 op=4 m=0 x=1 x6={0x08 | s} hint={h}");
            }
        }

        // M17: fetch and add an immediate increment.
        foreach (var (rel, sem) in new[] { (0, "acq"), (4, "rel") })
        {
            foreach (var (x6, size) in new[] { (0x12, "4"), (0x13, "8") })
            {
                foreach (var (h, hint) in hints)
                {
                    t.M($"fetchadd{size}.{sem}{hint} r1=[r3],inc3", $"M4 op=4 m=0 x=1 x6={x6 | rel} hint={h}");
                }
            }
        }

        // M19: move floating-point register parts to a general register (hint bits ignored).
        t.M("getf.sig r1=f2", "M4 op=4 m=0 x=1 x6=0x1c");
        t.M("getf.exp r1=f2", "M4 op=4 m=0 x=1 x6=0x1d");
        t.M("getf.s r1=f2", "M4 op=4 m=0 x=1 x6=0x1e");
        t.M("getf.d r1=f2", "M4 op=4 m=0 x=1 x6=0x1f");

        // M1, M4 with x=1: 16-byte loads and stores, the upper half through ar.csd.
        foreach (var (x6, name) in new[] { (0x28, "ld16"), (0x2c, "ld16.acq") })
        {
            for (int h = 0; h < 8; h++)
            {
                t.M($"{name}{loadHints[h]} r1,ar.csd=[r3]", $"M4 op=4 m=0 x=1 x6={x6} hint={h & 3} 19={h >> 2}");
            }
        }

        foreach (var (x6, name) in new[] { (0x30, "st16"), (0x34, "st16.rel") })
        {
            for (int h = 0; h < 8; h++)
            {
                t.M($"{name}{storeHints[h]} [r3]=r2,ar.csd", $"M4 op=4 m=0 x=1 x6={x6} hint={h & 3} 12={h >> 2}");
            }
        }

        // M3: loads with immediate post-increment.
        foreach (var (x6, name) in loads)
        {
            foreach (var (h, hint) in hints)
            {
                t.M($"{name}{hint} r1=[r3],imm9b", $"M5 op=5 x6={x6} hint={h}");
            }
        }

        // M5: stores with immediate post-increment (only the .nta hint exists).
        foreach (var (x6, name) in stores)
        {
            t.M($"{name} [r3]=r2,imm9a", $"M5 op=5 x6={x6} hint=0");
            t.M($"{name}.nta [r3]=r2,imm9a", $"M5 op=5 x6={x6} hint=3");
        }
    }
}
