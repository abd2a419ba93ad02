using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ivm.Emulator.Isa;

/// <summary>
/// Decodes slots and bundles into <see cref="DecodedInst"/> using the lookup trees built from
/// <see cref="InstructionTable"/>. Thread-safe and allocation-free after first use.
/// </summary>
public static class InstructionDecoder
{
    // One tree per (unit, top opcode bit): on I and M units major opcodes 8-15 are A-type, so the
    // unit and bit 40 pick the tree without a branch. Reserved-template and L slots get an empty tree.
    private static readonly DecodeTree[] s_trees = BuildTrees();
    private static readonly ImmediateExtractor[] s_immediates = InstructionTable.Rows
        .Select(r => r.ImmediateOperand < 0 ? default : new ImmediateExtractor(OperandLayouts.Of(r.Operands[r.ImmediateOperand])))
        .ToArray();

    /// <summary>
    /// Builds the lookup trees now (they are otherwise built by the first decode, which would then
    /// take a large part of a second): callers about to run code call this while they load it.
    /// </summary>
    public static void Prepare() => RuntimeHelpers.RunClassConstructor(typeof(InstructionDecoder).TypeHandle);

    private static DecodeTree[] BuildTrees()
    {
        var rows = InstructionTable.Rows;
        var byType = Enum.GetValues<InstructionType>().ToDictionary(t => t, t => new DecodeTree(rows, t));
        var empty = new DecodeTree(rows, null);
        var units = Enum.GetValues<SlotUnit>();
        var trees = new DecodeTree[2 * units.Length];
        foreach (var unit in units)
        {
            for (int top = 0; top < 2; top++)
            {
                trees[2 * (int)unit + top] = unit is SlotUnit.None or SlotUnit.L
                    ? empty
                    : byType[TypeOf((ulong)top << 40, unit)];
            }
        }

        return trees;
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DecodedInst DecodeSlot(ulong slot, SlotUnit unit, ulong longSlot = 0)
    {
        ushort op = s_trees[(2 * (int)unit) | (int)((slot >> 40) & 1)].Lookup(slot);

        // Operation 0 (illegal) and operations without an immediate have an empty extractor: 0.
        ref readonly var extractor = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(s_immediates), op);
        long immediate = extractor.IsLongImmediate ? LongImmediate(extractor.Kind, slot, longSlot) : extractor.Extract(slot);
        return new DecodedInst(op, slot, immediate);
    }

    private static long LongImmediate(OperandKind kind, ulong slot, ulong longSlot) => kind switch
    {
        OperandKind.ImmU64 => (long)LongImmediate64(slot, longSlot),
        OperandKind.ImmU62 => (long)LongImmediate62(slot, longSlot),
        _ => LongBranchTarget(slot, longSlot),
    };

    /// <summary>
    /// Decodes a bundle's three slots. For MLX the L slot decodes as illegal-free filler: slot 1 of the
    /// result repeats the X instruction's decoding so that every slot index is meaningful.
    /// </summary>
    public static void DecodeBundle(in Bundle bundle, Span<DecodedInst> slots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots.Length, 3, nameof(slots));
        ref var slot0 = ref MemoryMarshal.GetReference(slots);
        ref readonly var template = ref bundle.Template;
        ulong s0 = bundle.Slot0, s1 = bundle.Slot1, s2 = bundle.Slot2;
        slot0 = DecodeSlot(s0, template.Slot0);
        if (template.IsLongImmediate)
        {
            var x = DecodeSlot(s2, SlotUnit.X, s1);
            Unsafe.Add(ref slot0, 1) = x;
            Unsafe.Add(ref slot0, 2) = x;
            return;
        }

        Unsafe.Add(ref slot0, 1) = DecodeSlot(s1, template.Slot1);
        Unsafe.Add(ref slot0, 2) = DecodeSlot(s2, template.Slot2);
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
