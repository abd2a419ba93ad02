using Ivm.Emulator.Cpu;
using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// The user mask, PSR bits 5:0 (SDM vol. 3 M35, M36, M44): mov psr.um, sum and rum. be (bit 1) would
/// make data accesses big-endian, which Ivm does not emulate, so setting it is refused with an
/// illegal-operation fault that says so; up (2) and ac (3) are kept (every unaligned access already
/// faults, so ac changes nothing); mfl (4) and mfh (5) are also set by the processor when a
/// floating-point register in f2-f31 or f32-f127 is written.
/// </summary>
internal static unsafe class UserMask
{
    private const ulong Writable = 0x3e, BigEndian = 0x2;

    public static void Register(SemanticsBuilder b)
    {
        b.Bind(r => r.Mnemonic == "mov" && r.Operands is [OperandKind.R1, OperandKind.PsrUm], &Read);
        b.Bind(r => r.Mnemonic == "mov" && r.Operands is [OperandKind.PsrUm, OperandKind.R2], &Write);
        b.Bind(r => r.Mnemonic == "sum", &Set);
        b.Bind(r => r.Mnemonic == "rum", &Reset);
    }

    private static void Read(Vcpu v, in DecodedInst i) => Registers.Write(v, i.R1, v.Cpu.UserMask);

    private static void Write(Vcpu v, in DecodedInst i) => Store(v, Registers.ReadNotNat(v, i.R2) & Writable);

    private static void Set(Vcpu v, in DecodedInst i) => Store(v, v.Cpu.UserMask | ((ulong)i.Operand(OperandKind.ImmU24) & Writable));

    private static void Reset(Vcpu v, in DecodedInst i) => Store(v, v.Cpu.UserMask & ~((ulong)i.Operand(OperandKind.ImmU24) & Writable));

    private static void Store(Vcpu v, ulong mask)
    {
        if ((mask & BigEndian) != 0)
        {
            throw new GuestFaultException(FaultKind.IllegalOperation, "big-endian data accesses (psr.be) are not supported by Ivm");
        }

        v.Cpu.UserMask = mask;
    }
}
