using System.Runtime.CompilerServices;
using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// Shifts, bit-field extract and deposit, shift-pair and population/zero counts (SDM vol. 3 I5-I15,
/// I9), including the shl/shr/shr.u spellings the disassembler gives dep.z and extr when the field
/// runs to bit 63. The result is NaT when a register source is NaT.
/// </summary>
internal static unsafe class ShiftsAndBitFields
{
    public static void Register(SemanticsBuilder b)
    {
        b.Bind(r => r.Mnemonic == "shl" && r.Operands is [_, OperandKind.R2, OperandKind.R3], &ShiftLeftVariable);
        b.Bind(r => r.Mnemonic == "shr" && r.Operands is [_, OperandKind.R3, OperandKind.R2], &ShiftRightVariable);
        b.Bind(r => r.Mnemonic == "shr.u" && r.Operands is [_, OperandKind.R3, OperandKind.R2], &ShiftRightUnsignedVariable);
        b.Bind(r => r.Mnemonic is "extr" or "shr" && r.Operands is [_, OperandKind.R3, OperandKind.Pos6, ..], &Extract);
        b.Bind(r => r.Mnemonic is "extr.u" or "shr.u" && r.Operands is [_, OperandKind.R3, OperandKind.Pos6, ..], &ExtractUnsigned);
        b.Bind(r => r.Mnemonic is "dep.z" or "shl" && r.Operands is [_, OperandKind.R2, OperandKind.PosComplement6A, ..], &DepositZero);
        b.Bind(r => r.Mnemonic == "dep.z" && r.Operands is [_, OperandKind.Imm8, ..], &DepositZeroImmediate);
        b.Bind(r => r.Mnemonic == "dep" && r.Operands is [_, OperandKind.R2, ..], &Deposit);
        b.Bind(r => r.Mnemonic == "dep" && r.Operands is [_, OperandKind.Imm1, ..], &DepositImmediate);
        b.Bind(r => r.Mnemonic == "shrp", &ShiftRightPair);
        b.Bind(r => r.Mnemonic == "popcnt", &PopulationCount);
        b.Bind(r => r.Mnemonic == "clz", &CountLeadingZeros);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ShiftLeftVariable(Vcpu v, in DecodedInst i)
    {
        ulong count = Registers.Read(v, i.R3);
        Result(v, i, count > 63 ? 0 : Registers.Read(v, i.R2) << (int)count, Nat(v, i.R2, i.R3));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ShiftRightVariable(Vcpu v, in DecodedInst i)
    {
        ulong count = Registers.Read(v, i.R2);
        Result(v, i, (ulong)((long)Registers.Read(v, i.R3) >> (int)Math.Min(count, 63)), Nat(v, i.R2, i.R3));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ShiftRightUnsignedVariable(Vcpu v, in DecodedInst i)
    {
        ulong count = Registers.Read(v, i.R2);
        Result(v, i, count > 63 ? 0 : Registers.Read(v, i.R3) >> (int)count, Nat(v, i.R2, i.R3));
    }

    // extr: the len-bit field at pos (cut off at bit 63), sign-extended from its top bit.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Extract(Vcpu v, in DecodedInst i)
    {
        var (pos, len) = Field(i, OperandKind.Pos6);
        int top = Math.Min(pos + len, 64);
        ulong value = Registers.Read(v, i.R3) << (64 - top);
        Result(v, i, (ulong)((long)value >> (64 - top + pos)), v.Cpu.GetNat(i.R3));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ExtractUnsigned(Vcpu v, in DecodedInst i)
    {
        var (pos, len) = Field(i, OperandKind.Pos6);
        int top = Math.Min(pos + len, 64);
        ulong value = Registers.Read(v, i.R3) << (64 - top);
        Result(v, i, value >> (64 - top + pos), v.Cpu.GetNat(i.R3));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DepositZero(Vcpu v, in DecodedInst i)
    {
        var (pos, len) = Field(i, OperandKind.PosComplement6A);
        Result(v, i, Place(Registers.Read(v, i.R2), 0, pos, len), v.Cpu.GetNat(i.R2));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DepositZeroImmediate(Vcpu v, in DecodedInst i)
    {
        var (pos, len) = Field(i, OperandKind.PosComplement6A);
        Result(v, i, Place((ulong)i.Operand(OperandKind.Imm8), 0, pos, len), false);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Deposit(Vcpu v, in DecodedInst i)
    {
        int pos = (int)i.Operand(OperandKind.PosComplement6C), len = (int)i.Operand(OperandKind.Len4);
        Result(v, i, Place(Registers.Read(v, i.R2), Registers.Read(v, i.R3), pos, len), Nat(v, i.R2, i.R3));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DepositImmediate(Vcpu v, in DecodedInst i)
    {
        int pos = (int)i.Operand(OperandKind.PosComplement6B), len = (int)i.Operand(OperandKind.Len6);
        Result(v, i, Place((ulong)i.Operand(OperandKind.Imm1), Registers.Read(v, i.R3), pos, len), v.Cpu.GetNat(i.R3));
    }

    // shrp: the 128-bit pair r2:r3 shifted right by count, low 64 bits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ShiftRightPair(Vcpu v, in DecodedInst i)
    {
        int count = (int)i.Immediate;
        ulong high = Registers.Read(v, i.R2), low = Registers.Read(v, i.R3);
        ulong value = count == 0 ? low : (low >> count) | (high << (64 - count));
        Result(v, i, value, Nat(v, i.R2, i.R3));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PopulationCount(Vcpu v, in DecodedInst i) =>
        Result(v, i, (ulong)System.Numerics.BitOperations.PopCount(Registers.Read(v, i.R3)), v.Cpu.GetNat(i.R3));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CountLeadingZeros(Vcpu v, in DecodedInst i) =>
        Result(v, i, (ulong)System.Numerics.BitOperations.LeadingZeroCount(Registers.Read(v, i.R3)), v.Cpu.GetNat(i.R3));

    // The field's position and length: the shl/shr spellings carry no length (it is 64 - pos).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int Pos, int Len) Field(in DecodedInst i, OperandKind position)
    {
        int pos = (int)i.Operand(position);
        int len = (int)i.Operand(OperandKind.Len6);
        return (pos, len);
    }

    // value's low len bits placed at pos in target (bits above 63 fall off).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Place(ulong value, ulong target, int pos, int len)
    {
        ulong mask = len >= 64 ? ulong.MaxValue : (1UL << len) - 1;
        return (target & ~(mask << pos)) | ((value & mask) << pos);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Nat(Vcpu v, int a, int b) => v.Cpu.GetNat(a) | v.Cpu.GetNat(b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Result(Vcpu v, in DecodedInst i, ulong value, bool nat) => Registers.Write(v, i.R1, value, nat);
}
