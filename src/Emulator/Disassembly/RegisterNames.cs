namespace Ivm.Emulator.Disassembly;

/// <summary>Architected names of application and control registers (SDM vol. 1 §3.1.8, vol. 2 §3.3).</summary>
public static class RegisterNames
{
    private static readonly string[] s_ar = BuildApplication();
    private static readonly string[] s_cr = BuildControl();

    public static string Application(int index) => s_ar[index & 0x7f];

    public static string Control(int index) => s_cr[index & 0x7f];

    private static string[] BuildApplication()
    {
        var names = Enumerable.Range(0, 128).Select(i => $"ar{i}").ToArray();
        for (int k = 0; k < 8; k++)
        {
            names[k] = $"ar.k{k}";
        }

        (int, string)[] named =
        [
            (16, "rsc"), (17, "bsp"), (18, "bspstore"), (19, "rnat"), (21, "fcr"), (24, "eflag"), (25, "csd"),
            (26, "ssd"), (27, "cflg"), (28, "fsr"), (29, "fir"), (30, "fdr"), (32, "ccv"), (36, "unat"),
            (40, "fpsr"), (44, "itc"), (45, "ruc"), (64, "pfs"), (65, "lc"), (66, "ec"),
        ];
        foreach (var (index, name) in named)
        {
            names[index] = "ar." + name;
        }

        return names;
    }

    private static string[] BuildControl()
    {
        var names = Enumerable.Range(0, 128).Select(i => $"cr{i}").ToArray();
        (int, string)[] named =
        [
            (0, "dcr"), (1, "itm"), (2, "iva"), (8, "pta"), (16, "ipsr"), (17, "isr"), (19, "iip"), (20, "ifa"),
            (21, "itir"), (22, "iipa"), (23, "ifs"), (24, "iim"), (25, "iha"), (26, "iib0"), (27, "iib1"),
            (64, "lid"), (65, "ivr"), (66, "tpr"), (67, "eoi"), (68, "irr0"), (69, "irr1"), (70, "irr2"),
            (71, "irr3"), (72, "itv"), (73, "pmv"), (74, "cmcv"), (80, "lrr0"), (81, "lrr1"),
        ];
        foreach (var (index, name) in named)
        {
            names[index] = "cr." + name;
        }

        return names;
    }
}
