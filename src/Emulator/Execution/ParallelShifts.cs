using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// Parallel shifts of 2- and 4-byte elements (SDM vol. 3 I5-I8): pshl, pshr and pshr.u by a register
/// or an immediate count. The count is unsigned; one of the element width or more shifts everything
/// out (zeros, or copies of the sign for pshr). The result is NaT when the value or a count register
/// is NaT.
/// </summary>
internal static unsafe class ParallelShifts
{
    private enum Direction : byte { Left, RightSigned, RightUnsigned }

    public static void Register(SemanticsBuilder b)
    {
        b.Bind(r => IsShift(r) && r.Operands is [_, OperandKind.R2, OperandKind.R3], &LeftVariable, Info);
        b.Bind(r => IsShift(r) && r.Operands is [_, OperandKind.R2, OperandKind.CountComplement5], &LeftFixed, Info);
        b.Bind(r => IsShift(r) && r.Operands is [_, OperandKind.R3, OperandKind.R2], &RightVariable, Info);
        b.Bind(r => IsShift(r) && r.Operands is [_, OperandKind.R3, OperandKind.Count5], &RightFixed, Info);
    }

    private static bool IsShift(Encoding r) =>
        r.Type == InstructionType.I && r.Mnemonic is "pshl2" or "pshl4" or "pshr2" or "pshr4" or "pshr2.u" or "pshr4.u";

    private static OpInfo Info(Encoding r)
    {
        var direction = r.Mnemonic[3] == 'l' ? Direction.Left
            : r.Mnemonic.EndsWith(".u", StringComparison.Ordinal) ? Direction.RightUnsigned : Direction.RightSigned;
        return new OpInfo((byte)(r.Mnemonic[4] - '0'), (byte)direction, 0, 0);
    }

    // pshl r1 = r2, r3: value r2, count r3.
    private static void LeftVariable(Vcpu v, in DecodedInst i) =>
        Registers.Write(v, i.R1, Shift(Semantics.Info[i.Op], Registers.Read(v, i.R2), Registers.Read(v, i.R3)),
            v.Cpu.GetNat(i.R2) | v.Cpu.GetNat(i.R3));

    private static void LeftFixed(Vcpu v, in DecodedInst i) =>
        Registers.Write(v, i.R1, Shift(Semantics.Info[i.Op], Registers.Read(v, i.R2), (ulong)i.Immediate), v.Cpu.GetNat(i.R2));

    // pshr r1 = r3, r2: value r3, count r2.
    private static void RightVariable(Vcpu v, in DecodedInst i) =>
        Registers.Write(v, i.R1, Shift(Semantics.Info[i.Op], Registers.Read(v, i.R3), Registers.Read(v, i.R2)),
            v.Cpu.GetNat(i.R2) | v.Cpu.GetNat(i.R3));

    private static void RightFixed(Vcpu v, in DecodedInst i) =>
        Registers.Write(v, i.R1, Shift(Semantics.Info[i.Op], Registers.Read(v, i.R3), (ulong)i.Immediate), v.Cpu.GetNat(i.R3));

    private static ulong Shift(OpInfo info, ulong value, ulong count)
    {
        int bits = info.Size * 8;
        ulong mask = (1UL << bits) - 1, result = 0;
        // The SDM clamps the count to the element width; a signed shift by the width leaves only sign copies.
        int n = (int)Math.Min(count, (ulong)bits);
        for (int shift = 0; shift < 64; shift += bits)
        {
            ulong element = (value >> shift) & mask;
            ulong shifted = (Direction)info.Relation switch
            {
                Direction.Left => n >= bits ? 0 : element << n,
                Direction.RightUnsigned => n >= bits ? 0 : element >> n,
                _ => (ulong)((long)(element << (64 - bits)) >> (64 - bits + Math.Min(n, bits - 1))),
            };
            result |= (shifted & mask) << shift;
        }

        return result;
    }
}
