using System.Runtime.CompilerServices;
using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// Integer ALU (SDM vol. 3 A1-A5, A2 shladd, X2 movl): 64-bit add, subtract, logical operations,
/// shift-left-and-add, the 32-bit address forms (addp4, shladdp4) and long immediates. A result is
/// NaT when any register source is NaT.
/// </summary>
internal static unsafe class IntegerAlu
{
    public static void Register(SemanticsBuilder b)
    {
        b.Bind(r => r.Mnemonic == "add" && r.Operands.Length == 3, &Add);
        b.Bind(r => r.Mnemonic == "add" && r.Operands.Length == 4, &AddPlusOne);
        b.Bind(r => r.Mnemonic == "sub" && r.Operands is [_, OperandKind.R2, _], &Sub);
        b.Bind(r => r.Mnemonic == "sub" && r.Operands.Length == 4, &SubMinusOne);
        b.Bind(r => r.Mnemonic == "sub" && r.Operands is [_, OperandKind.Imm8, _], &SubImmediate);
        b.Bind(r => r.Mnemonic == "addp4" && r.Operands is [_, OperandKind.R2, _], &AddPointer);
        b.Bind(r => r.Mnemonic == "addp4" && r.Operands is [_, OperandKind.Imm14, _], &AddPointerImmediate);
        b.Bind(r => r.Mnemonic is "and" or "or" or "xor" or "andcm" && r.Operands is [_, OperandKind.R2, _], &Logical,
            r => new OpInfo(0, 0, LogicalKind(r.Mnemonic), 0));
        b.Bind(r => r.Mnemonic is "and" or "or" or "xor" or "andcm" && r.Operands is [_, OperandKind.Imm8, _], &LogicalImmediate,
            r => new OpInfo(0, 0, LogicalKind(r.Mnemonic), 0));
        b.Bind(r => r.Mnemonic == "adds", &AddImmediate);
        b.Bind(r => r.Mnemonic == "addl", &AddLongImmediate);
        b.Bind(r => r.Mnemonic == "mov" && r.Operands is [OperandKind.R1, OperandKind.R3], &AddImmediate);
        b.Bind(r => r.Mnemonic == "mov" && r.Operands is [OperandKind.R1, OperandKind.Imm22], &MoveImmediate);
        b.Bind(r => r.Mnemonic == "movl", &MoveImmediate);
        b.Bind(r => r.Mnemonic == "shladd", &ShiftLeftAdd);
        b.Bind(r => r.Mnemonic == "shladdp4", &ShiftLeftAddPointer);
    }

    private static byte LogicalKind(string mnemonic) => mnemonic switch { "and" => 0, "or" => 1, "xor" => 2, _ => 3 };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(Vcpu v, in DecodedInst i) => Result(v, i, Src2(v, i) + Src3(v, i), NatOf(v, i.R2, i.R3));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddPlusOne(Vcpu v, in DecodedInst i) => Result(v, i, Src2(v, i) + Src3(v, i) + 1, NatOf(v, i.R2, i.R3));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Sub(Vcpu v, in DecodedInst i) => Result(v, i, Src2(v, i) - Src3(v, i), NatOf(v, i.R2, i.R3));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SubMinusOne(Vcpu v, in DecodedInst i) => Result(v, i, Src2(v, i) - Src3(v, i) - 1, NatOf(v, i.R2, i.R3));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SubImmediate(Vcpu v, in DecodedInst i) => Result(v, i, (ulong)i.Immediate - Src3(v, i), v.Cpu.GetNat(i.R3));

    // addp4: the 32-bit sum, with bits 62:61 taken from bits 31:30 of r3 (the region of a 32-bit pointer).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddPointer(Vcpu v, in DecodedInst i) =>
        Result(v, i, Pointer(Src2(v, i) + Src3(v, i), Src3(v, i)), NatOf(v, i.R2, i.R3));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddPointerImmediate(Vcpu v, in DecodedInst i) =>
        Result(v, i, Pointer((ulong)i.Immediate + Src3(v, i), Src3(v, i)), v.Cpu.GetNat(i.R3));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Pointer(ulong sum, ulong r3) => (sum & 0xffff_ffff) | (((r3 >> 30) & 3) << 61);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Logical(Vcpu v, in DecodedInst i) =>
        Result(v, i, Apply(Semantics.Info[i.Op].Kind, Src2(v, i), Src3(v, i)), NatOf(v, i.R2, i.R3));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LogicalImmediate(Vcpu v, in DecodedInst i) =>
        Result(v, i, Apply(Semantics.Info[i.Op].Kind, (ulong)i.Immediate, Src3(v, i)), v.Cpu.GetNat(i.R3));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Apply(byte kind, ulong a, ulong b) => kind switch
    {
        0 => a & b,
        1 => a | b,
        2 => a ^ b,
        _ => a & ~b,
    };

    // adds and its mov r1=r3 spelling (adds r1=0,r3): imm + r3.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddImmediate(Vcpu v, in DecodedInst i) =>
        Result(v, i, (ulong)i.Immediate + Src3(v, i), v.Cpu.GetNat(i.R3));

    // addl reads only r0-r3: the field's upper bits belong to the 22-bit immediate.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddLongImmediate(Vcpu v, in DecodedInst i)
    {
        int r3 = i.R3 & 3;
        Result(v, i, (ulong)i.Immediate + Registers.Read(v, r3), v.Cpu.GetNat(r3));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MoveImmediate(Vcpu v, in DecodedInst i) => Result(v, i, (ulong)i.Immediate, false);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ShiftLeftAdd(Vcpu v, in DecodedInst i) =>
        Result(v, i, (Src2(v, i) << Count(i)) + Src3(v, i), NatOf(v, i.R2, i.R3));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ShiftLeftAddPointer(Vcpu v, in DecodedInst i) =>
        Result(v, i, Pointer((Src2(v, i) << Count(i)) + Src3(v, i), Src3(v, i)), NatOf(v, i.R2, i.R3));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Count(in DecodedInst i) => (int)i.Immediate;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Src2(Vcpu v, in DecodedInst i) => Registers.Read(v, i.R2);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Src3(Vcpu v, in DecodedInst i) => Registers.Read(v, i.R3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool NatOf(Vcpu v, int a, int b) => v.Cpu.GetNat(a) | v.Cpu.GetNat(b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Result(Vcpu v, in DecodedInst i, ulong value, bool nat) => Registers.Write(v, i.R1, value, nat);
}
