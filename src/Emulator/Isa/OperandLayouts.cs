namespace Ivm.Emulator.Isa;

/// <summary>How an operand's value is shown by the disassembler.</summary>
public enum OperandStyle : byte
{
    Text,           // fixed text, no value
    Register,       // prefix + number: r5, f7, p3, b0
    ApplicationRegister,
    ControlRegister,
    Indirect,       // prefix[rN]
    Hex,            // 0x...
    SignedDecimal,
    UnsignedDecimal,
    Relative,       // bundle address + value, shown as an address
    MuxType,        // @brcst, @mix, ... or hex
}

/// <summary>A post-extraction adjustment of an immediate field.</summary>
public enum OperandTransform : byte
{
    None,
    Complement,     // (2^bits - 1) - field
    PlusOne,
    PlusThirtyTwo,
    TimesEight,
    Count2C,        // 0, 7, 15, 16
    Increment3,     // +/- 1, 4, 8, 16
}

/// <summary>
/// Where an operand's bits sit in a 41-bit slot and how its value is formed. Up to four bit-fields
/// are concatenated low field first; <see cref="SignExtend"/> treats the concatenation as two's
/// complement; <see cref="Scale"/> shifts the result left (branch targets count bundles).
/// </summary>
public sealed record OperandLayout(
    OperandKind Kind,
    OperandStyle Style,
    string Text,
    (int Shift, int Bits)[] Fields,
    bool SignExtend = false,
    int Scale = 0,
    OperandTransform Transform = OperandTransform.None,
    int Adjust = 0)
{
    /// <summary>Extracts the operand's value from a slot; L+X operands are formed by the decoder.</summary>
    public long Extract(ulong slot)
    {
        ulong value = 0;
        int total = 0;
        foreach (var (shift, bits) in Fields)
        {
            value |= ((slot >> shift) & ((1UL << bits) - 1)) << total;
            total += bits;
        }

        long result = (long)value;
        if (SignExtend && total > 0)
        {
            int unused = 64 - total;
            result = (result << unused) >> unused;
        }

        result = Transform switch
        {
            OperandTransform.Complement => result ^ (long)((1UL << total) - 1),
            OperandTransform.PlusOne => result + 1,
            OperandTransform.PlusThirtyTwo => result + 32,
            OperandTransform.TimesEight => result << 3,
            OperandTransform.Count2C => result switch { 0 => 0, 1 => 7, 2 => 15, _ => 16 },
            OperandTransform.Increment3 => DecodeIncrement(result),
            _ => result,
        };
        return (result << Scale) + Adjust;
    }

    private static long DecodeIncrement(long field)
    {
        long magnitude = (field & 3) switch { 0 => 16, 1 => 8, 2 => 4, _ => 1 };
        return (field & 4) != 0 ? -magnitude : magnitude;
    }
}

/// <summary>The layout of every <see cref="OperandKind"/>, from the SDM's instruction formats.</summary>
public static class OperandLayouts
{
    private static readonly OperandLayout[] s_layouts = Build();

    public static OperandLayout Of(OperandKind kind) => s_layouts[(int)kind];

    private static OperandLayout[] Build()
    {
        var all = new OperandLayout?[Enum.GetValues<OperandKind>().Length];
        void Add(OperandLayout layout) => all[(int)layout.Kind] = layout;
        void Text(OperandKind k, string text) => Add(new(k, OperandStyle.Text, text, []));
        void Reg(OperandKind k, string prefix, int shift, int bits) =>
            Add(new(k, OperandStyle.Register, prefix, [(shift, bits)]));
        void Ind(OperandKind k, string prefix) => Add(new(k, OperandStyle.Indirect, prefix, [(20, 7)]));

        Text(OperandKind.None, "");
        Text(OperandKind.ArCsd, "ar.csd");
        Text(OperandKind.ArCcv, "ar.ccv");
        Text(OperandKind.ArPfs, "ar.pfs");
        Text(OperandKind.One, "1");
        Text(OperandKind.Eight, "8");
        Text(OperandKind.Sixteen, "16");
        Text(OperandKind.R0, "r0");
        Text(OperandKind.Ip, "ip");
        Text(OperandKind.Pr, "pr");
        Text(OperandKind.PrRot, "pr.rot");
        Text(OperandKind.Psr, "psr");
        Text(OperandKind.PsrL, "psr.l");
        Text(OperandKind.PsrUm, "psr.um");
        Text(OperandKind.LoadMove, "");

        Add(new(OperandKind.Ar3, OperandStyle.ApplicationRegister, "ar", [(20, 7)]));
        Add(new(OperandKind.Cr3, OperandStyle.ControlRegister, "cr", [(20, 7)]));
        Reg(OperandKind.B1, "b", 6, 3);
        Reg(OperandKind.B2, "b", 13, 3);
        Reg(OperandKind.F1, "f", 6, 7);
        Reg(OperandKind.F2, "f", 13, 7);
        Reg(OperandKind.F3, "f", 20, 7);
        Reg(OperandKind.F4, "f", 27, 7);
        Reg(OperandKind.P1, "p", 6, 6);
        Reg(OperandKind.P2, "p", 27, 6);
        Reg(OperandKind.R1, "r", 6, 7);
        Reg(OperandKind.R2, "r", 13, 7);
        Reg(OperandKind.R3, "r", 20, 7);
        Reg(OperandKind.R3Low2, "r", 20, 2);
        Reg(OperandKind.Dahr, "dahr", 23, 3);

        Ind(OperandKind.Mem3, "");
        Ind(OperandKind.CpuidInd, "cpuid");
        Ind(OperandKind.DbrInd, "dbr");
        Ind(OperandKind.DtrInd, "dtr");
        Ind(OperandKind.ItrInd, "itr");
        Ind(OperandKind.IbrInd, "ibr");
        Ind(OperandKind.MsrInd, "msr");
        Ind(OperandKind.PkrInd, "pkr");
        Ind(OperandKind.PmcInd, "pmc");
        Ind(OperandKind.PmdInd, "pmd");
        Ind(OperandKind.DahrInd, "dahr");
        Ind(OperandKind.RrInd, "rr");

        const OperandStyle U = OperandStyle.UnsignedDecimal, S = OperandStyle.SignedDecimal, H = OperandStyle.Hex;
        const OperandStyle Rel = OperandStyle.Relative;
        Add(new(OperandKind.CountComplement5, U, "", [(20, 5)], Transform: OperandTransform.Complement));
        Add(new(OperandKind.Count2A, U, "", [(27, 2)], Transform: OperandTransform.PlusOne));
        Add(new(OperandKind.Count2B, U, "", [(27, 2)], Transform: OperandTransform.PlusOne));
        Add(new(OperandKind.Count2C, U, "", [(30, 2)], Transform: OperandTransform.Count2C));
        Add(new(OperandKind.Count5, U, "", [(14, 5)]));
        Add(new(OperandKind.Count6, U, "", [(27, 6)]));
        Add(new(OperandKind.PosComplement6A, U, "", [(20, 6)], Transform: OperandTransform.Complement));
        Add(new(OperandKind.PosComplement6B, U, "", [(14, 6)], Transform: OperandTransform.Complement));
        Add(new(OperandKind.PosComplement6C, U, "", [(31, 6)], Transform: OperandTransform.Complement));
        Add(new(OperandKind.Imm1, S, "", [(36, 1)], SignExtend: true));
        Add(new(OperandKind.ImmU2, U, "", [(13, 2)]));
        Add(new(OperandKind.ImmU5B, U, "", [(14, 5)], Transform: OperandTransform.PlusThirtyTwo));
        Add(new(OperandKind.ImmU7A, H, "", [(13, 7)]));
        Add(new(OperandKind.ImmU7B, H, "", [(20, 7)]));
        Add(new(OperandKind.FrameSize, U, "", [(13, 7)]));
        Add(new(OperandKind.FrameLocals, U, "", [(20, 7)]));
        Add(new(OperandKind.FrameRotating, U, "", [(27, 4)], Transform: OperandTransform.TimesEight));
        Add(new(OperandKind.Imm8, S, "", [(13, 7), (36, 1)], SignExtend: true));
        Add(new(OperandKind.Imm8U4, S, "", [(13, 7), (36, 1)], SignExtend: true));
        Add(new(OperandKind.Imm8M1, S, "", [(13, 7), (36, 1)], SignExtend: true, Adjust: 1));
        Add(new(OperandKind.Imm8M1U4, S, "", [(13, 7), (36, 1)], SignExtend: true, Adjust: 1));
        Add(new(OperandKind.Imm8M1U8, S, "", [(13, 7), (36, 1)], SignExtend: true, Adjust: 1));
        Add(new(OperandKind.ImmU9, H, "", [(33, 2), (20, 7)]));
        Add(new(OperandKind.Imm9A, S, "", [(6, 7), (27, 1), (36, 1)], SignExtend: true));
        Add(new(OperandKind.Imm9B, S, "", [(13, 7), (27, 1), (36, 1)], SignExtend: true));
        Add(new(OperandKind.Imm14, S, "", [(13, 7), (27, 6), (36, 1)], SignExtend: true));
        Add(new(OperandKind.ImmU16, U, "", [(6, 4), (12, 11), (36, 1)]));
        Add(new(OperandKind.Imm17, H, "", [(6, 7), (24, 8), (36, 1)], SignExtend: true, Scale: 1));
        Add(new(OperandKind.ImmU19, U, "", [(6, 4), (12, 14), (36, 1)]));
        Add(new(OperandKind.ImmU21, H, "", [(6, 20), (36, 1)]));
        Add(new(OperandKind.Imm22, S, "", [(13, 7), (27, 9), (22, 5), (36, 1)], SignExtend: true));
        Add(new(OperandKind.ImmU24, H, "", [(6, 21), (31, 2), (36, 1)]));
        Add(new(OperandKind.Imm44, H, "", [(6, 27), (36, 1)], SignExtend: true, Scale: 16));
        Add(new(OperandKind.ImmU62, H, "", []));
        Add(new(OperandKind.ImmU64, H, "", []));
        Add(new(OperandKind.Inc3, S, "", [(13, 3)], Transform: OperandTransform.Increment3));
        Add(new(OperandKind.Len4, U, "", [(27, 4)], Transform: OperandTransform.PlusOne));
        Add(new(OperandKind.Len6, U, "", [(27, 6)], Transform: OperandTransform.PlusOne));
        Add(new(OperandKind.MuxType4, OperandStyle.MuxType, "", [(20, 4)]));
        Add(new(OperandKind.MuxType8, H, "", [(20, 8)]));
        Add(new(OperandKind.Pos6, U, "", [(14, 6)]));
        Add(new(OperandKind.Tag13, Rel, "", [(6, 7), (33, 2)], SignExtend: true, Scale: 4));
        Add(new(OperandKind.Tag13B, Rel, "", [(24, 9)], SignExtend: true, Scale: 4));
        Add(new(OperandKind.Target25, Rel, "", [(6, 20), (36, 1)], SignExtend: true, Scale: 4));
        Add(new(OperandKind.Target25B, Rel, "", [(6, 7), (20, 13), (36, 1)], SignExtend: true, Scale: 4));
        Add(new(OperandKind.Target25C, Rel, "", [(13, 20), (36, 1)], SignExtend: true, Scale: 4));
        Add(new(OperandKind.Target64, Rel, "", []));
        Add(new(OperandKind.Count6Lfetch, U, "", [(6, 6)], Transform: OperandTransform.PlusOne));
        Add(new(OperandKind.Stride5B, S, "", [(13, 5)], SignExtend: true, Scale: 6));

        for (int i = 0; i < all.Length; i++)
        {
            if (all[i] is null)
            {
                throw new InvalidOperationException($"Operand kind {(OperandKind)i} has no layout.");
            }
        }

        return all!;
    }
}
