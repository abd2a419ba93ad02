namespace Ivm.Emulator.Isa;

public static partial class InstructionTable
{
    /// <summary>
    /// M-unit floating-point memory instructions, major opcodes 6 and 7: FP loads and stores (single
    /// and pair), lfetch, setf. Major 6 selects its forms with m (bit 36) and x (bit 27): m=0 x=0 no
    /// base update, m=1 x=0 post-increment by register, m=0 x=1 load pair and setf, m=1 x=1 load pair
    /// with post-increment by the pair's size. Major 7 is post-increment by a 9-bit immediate.
    /// </summary>
    private static void DeclareFloatMemory(TableBuilder t)
    {
        t.Format("M6", "m 36, x6 35:30, hint 29:28, x 27, hlf 12, y 19");
        t.Format("M7", "x6 35:30, hint 29:28, hlf 12");

        // Load completers by x6: the low 2 bits give the size (e, 8, s, d) except for ldf.fill;
        // pairs exist for 8, s and d only, and never for ldf.fill.
        (string Name, int X6)[] loads = LoadForms(["e", "8", "s", "d"], withFill: true);
        (string Name, int X6)[] pairs = LoadForms(["", "p8", "ps", "pd"], withFill: false);

        // The original locality hints are 0, 1 and 3 (hint 2 decodes as illegal, as in objdump);
        // the d-hints exist only where a free bit (hlfa at 19, hlf at 12) extends the hint field.
        string[] hints3 = ["", ".nt1", "", ".nta"];

        // M6 with the d-hint extension: bit 19 (hlfa, unused by the no-update form) selects d4..d7;
        // hint 2 is spelled d2 here because nt2 is only the assembler's alias.
        foreach (var (name, x6) in loads)
        {
            string[] hints = ["", ".nt1", ".d2", ".nta"];
            for (int h = 0; h < 4; h++)
            {
                t.M($"{name}{hints[h]} f1=[r3]", $"M6 op=6 m=0 x=0 x6={x6} hint={h} y=0");
                t.M($"{name}.d{h + 4} f1=[r3]", $"M6 op=6 m=0 x=0 x6={x6} hint={h} y=1");
            }
        }

        // M7: post-increment by register; bit 19 belongs to r2, so only the 2-bit hint.
        foreach (var (name, x6) in loads)
        {
            foreach (int h in new[] { 0, 1, 3 })
            {
                t.M($"{name}{hints3[h]} f1=[r3],r2", $"M6 op=6 m=1 x=0 x6={x6} hint={h}");
            }
        }

        // M8 (major 7): post-increment by immediate.
        foreach (var (name, x6) in loads)
        {
            foreach (int h in new[] { 0, 1, 3 })
            {
                t.M($"{name}{hints3[h]} f1=[r3],imm9b", $"M7 op=7 x6={x6} hint={h}");
            }
        }

        // M11, M12: load pair, without and with post-increment by the pair's size (8 for ldfps).
        foreach (var (name, x6) in pairs)
        {
            string size = (x6 & 3) == 2 ? "8" : "16";
            foreach (int h in new[] { 0, 1, 3 })
            {
                t.M($"{name}{hints3[h]} f1,f2=[r3]", $"M6 op=6 m=0 x=1 x6={x6} hint={h}");
                t.M($"{name}{hints3[h]} f1,f2=[r3],{size}", $"M6 op=6 m=1 x=1 x6={x6} hint={h}");
            }
        }

        // M18: set FP register from a general register (hint bits ignored).
        t.M("setf.sig f1=r2", "M6 op=6 m=0 x=1 x6=0x1c");
        t.M("setf.exp f1=r2", "M6 op=6 m=0 x=1 x6=0x1d");
        t.M("setf.s f1=r2", "M6 op=6 m=0 x=1 x6=0x1e");
        t.M("setf.d f1=r2", "M6 op=6 m=0 x=1 x6=0x1f");

        // M9 with d-hints (bit 12, free in the no-update form, selects d4..d7; objdump prefers d1/d2
        // over the nt1/nt2 aliases here), M10 (major 7) with the original hints only: stores.
        (string Name, int X6)[] stores = [("stfe", 0x30), ("stf8", 0x31), ("stfs", 0x32), ("stfd", 0x33), ("stf.spill", 0x3b)];
        foreach (var (name, x6) in stores)
        {
            string[] hints = ["", ".d1", ".d2", ".nta"];
            for (int h = 0; h < 4; h++)
            {
                t.M($"{name}{hints[h]} [r3]=f2", $"M6 op=6 m=0 x=0 x6={x6} hint={h} hlf=0");
                t.M($"{name}.d{h + 4} [r3]=f2", $"M6 op=6 m=0 x=0 x6={x6} hint={h} hlf=1");
            }

            t.M($"{name} [r3]=f2,imm9a", $"M7 op=7 x6={x6} hint=0");
            t.M($"{name}.nta [r3]=f2,imm9a", $"M7 op=7 x6={x6} hint=3");
        }

        // M13, M14, M15, M52: line prefetch; bit 12 (hlf) selects the d4..d7 hints in every form.
        (string Name, int X6)[] prefetches = [("lfetch", 0x2c), ("lfetch.excl", 0x2d), ("lfetch.fault", 0x2e), ("lfetch.fault.excl", 0x2f)];
        string[] fetchHints = ["", ".nt1", ".nt2", ".nta"];
        foreach (var (name, x6) in prefetches)
        {
            // x6=0x2c uses bit 19 (y) to tell lfetch from lfetch.count in the no-update form only.
            string y = x6 == 0x2c ? " y=0" : "";
            for (int h = 0; h < 4; h++)
            {
                for (int hlf = 0; hlf < 2; hlf++)
                {
                    string hint = hlf == 0 ? fetchHints[h] : $".d{h + 4}";
                    t.M($"{name}{hint} [r3]", $"M6 op=6 m=0 x=0 x6={x6} hint={h} hlf={hlf}{y}");
                    if (x6 == 0x2c)
                    {
                        t.M($"lfetch.count{hint} [r3],Count6Lfetch,Stride5B", $"M6 op=6 m=0 x=0 x6={x6} hint={h} hlf={hlf} y=1");
                    }

                    t.M($"{name}{hint} [r3],r2", $"M6 op=6 m=1 x=0 x6={x6} hint={h} hlf={hlf}");
                    t.M($"{name}{hint} [r3],imm9b", $"M7 op=7 x6={x6} hint={h} hlf={hlf}");
                }
            }
        }
    }

    // x6 of the FP loads: bits 1:0 the size, then the speculation/advanced/check completer group.
    private static (string Name, int X6)[] LoadForms(string[] sizes, bool withFill)
    {
        (string Completer, int Base)[] groups = [("", 0x00), (".s", 0x04), (".a", 0x08), (".sa", 0x0c), (".c.clr", 0x20), (".c.nc", 0x24)];
        var forms = new List<(string, int)>();
        foreach (var (completer, baseX6) in groups)
        {
            for (int size = 0; size < 4; size++)
            {
                if (sizes[size].Length > 0)
                {
                    forms.Add(($"ldf{sizes[size]}{completer}", baseX6 + size));
                }
            }
        }

        if (withFill)
        {
            forms.Add(("ldf.fill", 0x1b));
        }

        return [.. forms];
    }
}
