using System.Runtime.CompilerServices;
using Ivm.Emulator.Isa;
using Xunit;

namespace Ivm.Emulator.Tests.Isa;

public sealed class DecoderTests
{
    [Fact]
    public void DecodedInstIsSixteenBytes() => Assert.Equal(16, Unsafe.SizeOf<DecodedInst>());

    [Fact]
    public void TheTableCoversTheWholeInstructionSet()
    {
        // GNU binutils knows about 1,600 IA-64 instruction forms (counting completer variants).
        var rows = InstructionTable.Encodings;
        Assert.True(rows.Count > 1500, $"only {rows.Count} encodings declared");
        foreach (var type in Enum.GetValues<InstructionType>())
        {
            Assert.Contains(rows, r => r.Op != 0 && r.Type == type);
        }
    }

    /// <summary>
    /// The lookup tree must pick exactly the row a plain first-match scan of the table picks: the
    /// scan is the table's definition, the tree only an index over it.
    /// </summary>
    [Fact]
    public void LookupTreeAgreesWithFirstMatchScan()
    {
        var rows = InstructionTable.Encodings;
        var rng = new Random(7);
        var units = new[] { SlotUnit.M, SlotUnit.I, SlotUnit.F, SlotUnit.B, SlotUnit.X };
        for (int i = 0; i < 300_000; i++)
        {
            ulong slot = (ulong)rng.NextInt64() & Bundle.SlotMask;
            var unit = units[i % units.Length];
            var type = InstructionDecoder.TypeOf(slot, unit);
            ushort expected = 0;
            foreach (var row in rows)
            {
                if (row.Op != 0 && row.Type == type && row.Matches(slot))
                {
                    expected = row.Op;
                    break;
                }
            }

            var decoded = InstructionDecoder.DecodeSlot(slot, unit, longSlot: 0);
            Assert.True(expected == decoded.Op, $"slot {slot:x11} on {unit}: scan gives {rows[expected].Mnemonic}, tree {rows[decoded.Op].Mnemonic}");
        }
    }

    /// <summary>
    /// The decoder forms immediates from a flattened copy of each operand layout; it must give the
    /// value the layout's own field-by-field extraction gives, for every operation.
    /// </summary>
    [Fact]
    public void PrecomputedImmediateAgreesWithTheOperandLayout()
    {
        var rng = new Random(11);
        var units = new[] { SlotUnit.M, SlotUnit.I, SlotUnit.F, SlotUnit.B };
        int checkedImmediates = 0;
        for (int i = 0; i < 300_000; i++)
        {
            ulong slot = (ulong)rng.NextInt64() & Bundle.SlotMask;
            var decoded = InstructionDecoder.DecodeSlot(slot, units[i % units.Length]);
            var row = decoded.Encoding;
            if (decoded.IsIllegal || row.ImmediateOperand < 0)
            {
                continue;
            }

            long expected = OperandLayouts.Of(row.Operands[row.ImmediateOperand]).Extract(slot);
            Assert.True(expected == decoded.Immediate, $"{row.Mnemonic} slot {slot:x11}: layout gives {expected}, decoder {decoded.Immediate}");
            checkedImmediates++;
        }

        Assert.True(checkedImmediates > 10_000, $"only {checkedImmediates} immediates checked");
    }

    [Fact]
    public void SlotsAndTemplateAreSplitAsTheSdmLaysThemOut()
    {
        // Build a bundle from independent fields: template 0x10 (MIB), stop, and three slot values.
        ulong s0 = 0x1_2345_6789A & Bundle.SlotMask, s1 = 0x0_FEDC_BA987, s2 = 0x1_0F0F_0F0F0;
        UInt128 bits = (UInt128)1 | ((UInt128)8 << 1) | ((UInt128)s0 << 5) | ((UInt128)s1 << 46) | ((UInt128)s2 << 87);
        var bundle = new Bundle((ulong)bits, (ulong)(bits >> 64));
        Assert.Equal(8, bundle.TemplateIndex);
        Assert.True(bundle.StopAtEnd);
        Assert.Equal(s0, bundle.Slot0);
        Assert.Equal(s1, bundle.Slot1);
        Assert.Equal(s2, bundle.Slot2);
        Assert.Equal("MIB", bundle.Template.Name);
        Assert.Equal(SlotUnit.B, bundle.Template.Slot2);
    }

    [Fact]
    public void ReservedTemplatesDecodeToIllegal()
    {
        Span<DecodedInst> slots = stackalloc DecodedInst[3];
        foreach (int t in new[] { 3, 10, 13, 15 })
        {
            var bundle = new Bundle(0xffff_ffff_ffff_ffe0UL | ((ulong)t << 1), ulong.MaxValue);
            InstructionDecoder.DecodeBundle(bundle, slots);
            Assert.True(slots[0].IsIllegal && slots[1].IsIllegal && slots[2].IsIllegal);
        }
    }

    [Fact]
    public void MovlImmediateIsAssembledFromTheLAndXSlots()
    {
        // movl r17 = 0x123456789abcdef0, as GNU as encodes it (bytes from ia64-linux-gnu-objdump).
        byte[] bytes = [0x05, 0x00, 0x00, 0x00, 0x01, 0x80, 0x9a, 0x78, 0x56, 0x34, 0x12, 0x20, 0x02, 0x97, 0xf7, 0x66];
        var bundle = Bundle.Read(bytes);
        var x = InstructionDecoder.DecodeSlot(bundle.Slot2, SlotUnit.X, bundle.Slot1);
        Assert.Equal("movl", x.Encoding.Mnemonic);
        Assert.Equal(17, x.R1);
        Assert.Equal(0x123456789abcdef0L, x.Immediate);
    }
}
