namespace Ivm.Emulator.Isa;

public static partial class InstructionTable
{
    // objdump always names the status field, .s0 included.
    private static string Sf(int sf) => $".s{sf}";

    /// <summary>
    /// F-unit (floating-point) instructions, major opcodes 0, 1, 4, 5 and 8 to 14 (SDM formats F1-F16).
    /// Pseudo spellings (mov, fneg, fabs, fadd, fmpy, fnorm, xmpy ...) are declared before the general
    /// form they specialise so that they win, as in objdump.
    /// </summary>
    private static void DeclareF(TableBuilder t)
    {
        // F1: multiply-add; x selects single precision on majors 8, A and C, the parallel forms on 9, B and D.
        // f4=f1 (1.0) reads as an add, f2=f0 (+0.0) as a multiply, both as fnorm (which objdump prefers
        // to the identically encoded fcvt.xuf). fms has no multiply-only spelling, fnma no add, and the
        // parallel forms only the multiply.
        t.Format("F1", "x 36, sf 35:34, f4 33:27, f2 19:13");
        string[] fmaRoots = ["fma", "fms", "fnma"];
        string[] addRoots = ["fadd", "fsub", ""];
        string[] mpyRoots = ["fmpy", "", "fnmpy"];
        string[] parallelRoots = ["fpma", "fpms", "fpnma"];
        string[] parallelMpyRoots = ["fpmpy", "", "fpnmpy"];
        for (int k = 0; k < 3; k++)
        {
            int major = 8 + (2 * k);
            for (int d = 0; d < 2; d++)
            {
                for (int x = 0; x < 2 - d; x++)
                {
                    string p = d == 1 ? ".d" : x == 1 ? ".s" : "";
                    for (int sf = 0; sf < 4; sf++)
                    {
                        string pattern = $"F1 op={major + d} x={x} sf={sf}";
                        if (k == 0)
                        {
                            t.F($"fnorm{p}{Sf(sf)} f1=f3", $"{pattern} f4=1 f2=0 pseudo");
                        }

                        if (addRoots[k].Length > 0)
                        {
                            t.F($"{addRoots[k]}{p}{Sf(sf)} f1=f3,f2", $"{pattern} f4=1 pseudo");
                        }

                        if (mpyRoots[k].Length > 0)
                        {
                            t.F($"{mpyRoots[k]}{p}{Sf(sf)} f1=f3,f4", $"{pattern} f2=0 pseudo");
                        }

                        t.F($"{fmaRoots[k]}{p}{Sf(sf)} f1=f3,f4,f2", pattern);
                    }
                }
            }

            for (int sf = 0; sf < 4; sf++)
            {
                string pattern = $"F1 op={major + 1} x=1 sf={sf}";
                if (parallelMpyRoots[k].Length > 0)
                {
                    t.F($"{parallelMpyRoots[k]}{Sf(sf)} f1=f3,f4", $"{pattern} f2=0 pseudo");
                }

                t.F($"{parallelRoots[k]}{Sf(sf)} f1=f3,f4,f2", pattern);
            }
        }

        // F2: fixed-point multiply-add (x2: 0 low, 2 high unsigned, 3 high); F3: fselect.
        t.Format("F2", "x 36, x2 35:34, f2 19:13");
        string[] xmaForms = ["l", "", "hu", "h"];
        for (int x2 = 0; x2 < 4; x2++)
        {
            if (xmaForms[x2].Length > 0)
            {
                t.F($"xmpy.{xmaForms[x2]} f1=f3,f4", $"F2 op=14 x=1 x2={x2} f2=0 pseudo");
                t.F($"xma.{xmaForms[x2]} f1=f3,f4,f2", $"F2 op=14 x=1 x2={x2}");
            }
        }

        t.F("fselect f1=f3,f4,f2", "F2 op=14 x=0");

        // F4: floating-point compare; ra:rb select the relation, ta the unconditional form.
        t.Format("F4", "rb 36, sf 35:34, ra 33, ta 12");
        string[] relations = ["eq", "lt", "le", "unord"];
        for (int ta = 0; ta < 2; ta++)
        {
            for (int r = 0; r < 4; r++)
            {
                for (int sf = 0; sf < 4; sf++)
                {
                    string unc = ta == 1 ? ".unc" : "";
                    t.F($"fcmp.{relations[r]}{unc}{Sf(sf)} p1,p2=f2,f3", $"F4 op=4 ra={r >> 1} rb={r & 1} ta={ta} sf={sf}");
                }
            }
        }

        // F5: floating-point class.
        t.Format("F5", "ta 12");
        t.F("fclass.m p1,p2=f2,immU9", "F5 op=5 ta=0");
        t.F("fclass.m.unc p1,p2=f2,immU9", "F5 op=5 ta=1");

        // F6-F16 on majors 0 and 1: x (bit 33) selects the reciprocal approximations (F6, F7, q at 36);
        // otherwise x6 selects the operation.
        t.Format("Fx", "q 36, sf 35:34, x 33, x6 32:27, y 26, f2 19:13");
        for (int par = 0; par < 2; par++)
        {
            string pp = par == 1 ? "fp" : "f";
            for (int sf = 0; sf < 4; sf++)
            {
                t.F($"{pp}rcpa{Sf(sf)} f1,p2=f2,f3", $"Fx op={par} x=1 q=0 sf={sf}");
                t.F($"{pp}rsqrta{Sf(sf)} f1,p2=f3", $"Fx op={par} x=1 q=1 sf={sf}");
            }

            // F8: minimum/maximum and, on major 1, parallel compare.
            string[] minMax = ["min", "max", "amin", "amax"];
            for (int i = 0; i < 4; i++)
            {
                for (int sf = 0; sf < 4; sf++)
                {
                    t.F($"{pp}{minMax[i]}{Sf(sf)} f1=f2,f3", $"Fx op={par} x=0 x6={0x14 + i} sf={sf}");
                }
            }

            // F9: merge, with objdump's mov/fneg/fabs/fnegabs spellings.
            if (par == 0)
            {
                t.F("mov f1=f3", "Fx op=0 x=0 x6=0x10 f2=f3 pseudo");
            }

            t.F($"{pp}abs f1=f3", $"Fx op={par} x=0 x6=0x10 f2=0 pseudo");
            t.F($"{pp}neg f1=f3", $"Fx op={par} x=0 x6=0x11 f2=f3 pseudo");
            t.F($"{pp}negabs f1=f3", $"Fx op={par} x=0 x6=0x11 f2=0 pseudo");
            t.F($"{pp}merge.s f1=f2,f3", $"Fx op={par} x=0 x6=0x10");
            t.F($"{pp}merge.ns f1=f2,f3", $"Fx op={par} x=0 x6=0x11");
            t.F($"{pp}merge.se f1=f2,f3", $"Fx op={par} x=0 x6=0x12");

            // F10: conversion to integer.
            string[] toInt = ["fx", "fxu", "fx.trunc", "fxu.trunc"];
            for (int i = 0; i < 4; i++)
            {
                for (int sf = 0; sf < 4; sf++)
                {
                    t.F($"{pp}cvt.{toInt[i]}{Sf(sf)} f1=f2", $"Fx op={par} x=0 x6={0x18 + i} sf={sf}");
                }
            }
        }

        string[] pcmp = ["eq", "lt", "le", "unord", "neq", "nlt", "nle", "ord"];
        for (int i = 0; i < 8; i++)
        {
            for (int sf = 0; sf < 4; sf++)
            {
                t.F($"fpcmp.{pcmp[i]}{Sf(sf)} f1=f2,f3", $"Fx op=1 x=0 x6={0x30 + i} sf={sf}");
            }
        }

        // F9 logical and mixing operations (major 0 only).
        t.F("fmix.lr f1=f2,f3", "Fx op=0 x=0 x6=0x39");
        t.F("fmix.r f1=f2,f3", "Fx op=0 x=0 x6=0x3a");
        t.F("fmix.l f1=f2,f3", "Fx op=0 x=0 x6=0x3b");
        t.F("fsxt.r f1=f2,f3", "Fx op=0 x=0 x6=0x3c");
        t.F("fsxt.l f1=f2,f3", "Fx op=0 x=0 x6=0x3d");
        t.F("fpack f1=f2,f3", "Fx op=0 x=0 x6=0x28");
        t.F("fswap f1=f2,f3", "Fx op=0 x=0 x6=0x34");
        t.F("fswap.nl f1=f2,f3", "Fx op=0 x=0 x6=0x35");
        t.F("fswap.nr f1=f2,f3", "Fx op=0 x=0 x6=0x36");
        t.F("fand f1=f2,f3", "Fx op=0 x=0 x6=0x2c");
        t.F("fandcm f1=f2,f3", "Fx op=0 x=0 x6=0x2d");
        t.F("for f1=f2,f3", "Fx op=0 x=0 x6=0x2e");
        t.F("fxor f1=f2,f3", "Fx op=0 x=0 x6=0x2f");

        // F11: conversion from integer.
        t.F("fcvt.xf f1=f2", "Fx op=0 x=0 x6=0x1c");

        // F12-F14: status field control and check.
        for (int sf = 0; sf < 4; sf++)
        {
            t.F($"fsetc{Sf(sf)} immU7a,immU7b", $"Fx op=0 x=0 x6=0x04 sf={sf}");
            t.F($"fclrf{Sf(sf)}", $"Fx op=0 x=0 x6=0x05 sf={sf}");
            t.F($"fchkf{Sf(sf)} target25", $"Fx op=0 x=0 x6=0x08 sf={sf}");
        }

        // F15, F16: break, nop, hint.
        t.F("break.f immU21", "Fx op=0 x=0 x6=0");
        t.F("nop.f immU21", "Fx op=0 x=0 x6=1 y=0");
        t.F("hint.f immU21", "Fx op=0 x=0 x6=1 y=1");
    }
}
