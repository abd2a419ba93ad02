using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// What user code can read about the processor (SDM vol. 3 M43, M49; vol. 1 §3.1.11): the CPUID
/// registers, the performance monitor data registers, and the data access hint registers.
/// Ivm presents a dual-core Itanium 2 9000-class processor: vendor "GenuineIntel", family 0x20, with
/// long branches (brl) and 16-byte atomic accesses (ld16, st16, cmp8xchg16) and no spontaneous
/// deferral. Its performance monitors are secured (PSR.sp = 1), so, as the architecture specifies for
/// that case, a user-level PMD read gives 0.
/// </summary>
internal static unsafe class ProcessorIdentification
{
    private static readonly ulong[] s_cpuid =
    [
        0x49656e69756e6547,                     // "GenuineI"
        0x000000006c65746e,                     // "ntel"
        0,                                      // no processor serial number
        4 | (0x01UL << 8) | (0x00UL << 16) | (0x20UL << 24),  // last index 4, revision 1, model 0, family 0x20
        0b101,                                  // lb (brl), ao (16-byte atomics); sd (spontaneous deferral) clear
    ];

    public static void Register(SemanticsBuilder b)
    {
        b.Bind(r => r.Mnemonic == "mov" && r.Operands is [OperandKind.R1, OperandKind.CpuidInd], &ReadCpuid);
        b.Bind(r => r.Mnemonic == "mov" && r.Operands is [OperandKind.R1, OperandKind.PmdInd], &ReadPmd);
        b.Bind(r => r.Mnemonic == "mov" && r.Operands is [OperandKind.R1, OperandKind.DahrInd], &ReadDahr);
        b.Bind(r => r.Mnemonic == "mov" && r.Operands is [OperandKind.Dahr, OperandKind.ImmU16], &WriteDahr);
    }

    private static void ReadCpuid(Vcpu v, in DecodedInst i)
    {
        ulong index = Registers.ReadNotNat(v, i.R3) & 0xff;
        if (index >= (ulong)s_cpuid.Length)
        {
            throw new GuestFaultException(FaultKind.IllegalOperation, $"cpuid[{index}] is not implemented (reserved register; the last is cpuid[{s_cpuid.Length - 1}])");
        }

        Registers.Write(v, i.R1, s_cpuid[index]);
    }

    private static void ReadPmd(Vcpu v, in DecodedInst i)
    {
        Registers.ReadNotNat(v, i.R3);
        Registers.Write(v, i.R1, 0);
    }

    private static void ReadDahr(Vcpu v, in DecodedInst i) =>
        Registers.Write(v, i.R1, v.Cpu.Dahr[(int)(Registers.ReadNotNat(v, i.R3) & 7)]);

    private static void WriteDahr(Vcpu v, in DecodedInst i) =>
        v.Cpu.Dahr[(int)i.Operand(OperandKind.Dahr)] = (ushort)i.Operand(OperandKind.ImmU16);
}
