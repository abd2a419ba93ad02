using System.Runtime.CompilerServices;

namespace Ivm.Emulator.Isa;

/// <summary>
/// Decodes slots and bundles into <see cref="DecodedInst"/> using the lookup trees built from
/// <see cref="InstructionTable"/>. Thread-safe and allocation-free after first use.
/// </summary>
public static class InstructionDecoder
{
    private static readonly DecodeTree[] s_trees = BuildTrees();
    private static readonly ImmediateExtractor[] s_immediates = InstructionTable.Rows
        .Select(r => r.ImmediateOperand < 0 ? default : new ImmediateExtractor(OperandLayouts.Of(r.Operands[r.ImmediateOperand])))
        .ToArray();

    private static DecodeTree[] BuildTrees()
    {
        var rows = InstructionTable.Rows;
        return Enum.GetValues<InstructionType>().Select(t => new DecodeTree(rows, t)).ToArray();
    }

    /// <summary>
    /// The instruction type a slot's bits belong to on a given unit: on I and M units, major opcodes
    /// 8 and above are the shared A-type (ALU) instructions.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static InstructionType TypeOf(ulong slot, SlotUnit unit) => unit switch
    {
        SlotUnit.I => (slot >> 37) >= 8 ? InstructionType.A : InstructionType.I,
        SlotUnit.M => (slot >> 37) >= 8 ? InstructionType.A : InstructionType.M,
        SlotUnit.F => InstructionType.F,
        SlotUnit.B => InstructionType.B,
        _ => InstructionType.X,
    };

    /// <summary>Decodes one slot; <paramref name="longSlot"/> is the L slot for X-type instructions.</summary>
    public static DecodedInst DecodeSlot(ulong slot, SlotUnit unit, ulong longSlot = 0)
    {
        if (unit is SlotUnit.None or SlotUnit.L)
        {
            return new DecodedInst(0, slot, 0);
        }

        var type = TypeOf(slot, unit);
        ushort op = s_trees[(int)type].Lookup(slot);
        if (op == 0)
        {
            return new DecodedInst(0, slot, 0);
        }

        ref readonly var extractor = ref s_immediates[op];
        long immediate = extractor.Kind switch
        {
            OperandKind.ImmU64 => (long)LongImmediate64(slot, longSlot),
            OperandKind.ImmU62 => (long)LongImmediate62(slot, longSlot),
            OperandKind.Target64 => LongBranchTarget(slot, longSlot),
            _ => extractor.Extract(slot),
        };

        return new DecodedInst(op, slot, immediate);
    }

    /// <summary>
    /// Decodes a bundle's three slots. For MLX the L slot decodes as illegal-free filler: slot 1 of the
    /// result repeats the X instruction's decoding so that every slot index is meaningful.
    /// </summary>
    public static void DecodeBundle(in Bundle bundle, Span<DecodedInst> slots)
    {
        ref readonly var template = ref bundle.Template;
        ulong s0 = bundle.Slot0, s1 = bundle.Slot1, s2 = bundle.Slot2;
        slots[0] = DecodeSlot(s0, template.Slot0);
        if (template.IsLongImmediate)
        {
            var x = DecodeSlot(s2, SlotUnit.X, s1);
            slots[1] = x;
            slots[2] = x;
            return;
        }

        slots[1] = DecodeSlot(s1, template.Slot1);
        slots[2] = DecodeSlot(s2, template.Slot2);
    }

    // movl: imm64 = i:imm41(L slot):ic:imm5c:imm9d:imm7b.
    private static ulong LongImmediate64(ulong x, ulong l) =>
        ((x >> 13) & 0x7f) | (((x >> 27) & 0x1ff) << 7) | (((x >> 22) & 0x1f) << 16)
        | (((x >> 21) & 1) << 21) | (l << 22) | (((x >> 36) & 1) << 63);

    // nop.x / break.x: imm62 = imm41(L slot):i:imm20a.
    private static ulong LongImmediate62(ulong x, ulong l) =>
        (l << 21) | (((x >> 36) & 1) << 20) | ((x >> 6) & 0xfffff);

    // brl: a 60-bit bundle offset i:imm39(L slot bits 2..40):imm20b, times 16.
    private static long LongBranchTarget(ulong x, ulong l)
    {
        ulong bundles = ((x >> 13) & 0xfffff) | (((l >> 2) & 0x7fffffffff) << 20) | (((x >> 36) & 1) << 59);
        return (long)(bundles << 4);
    }
}
