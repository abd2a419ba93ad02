using Ivm.Emulator.Cpu;
using Ivm.Emulator.FloatingPoint;
using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// Status-field control (SDM vol. 3 F12-F14): fsetc, fclrf and fchkf on ar.fpsr.
/// </summary>
internal static unsafe class FloatStatusInstructions
{
    private const int ControlBits = 0x7F, FlagsShift = 7;

    public static void Register(SemanticsBuilder b)
    {
        b.Bind(r => r.Type == InstructionType.F && r.Mnemonic.StartsWith("fsetc.", StringComparison.Ordinal), &SetControls);
        b.Bind(r => r.Type == InstructionType.F && r.Mnemonic.StartsWith("fclrf.", StringComparison.Ordinal), &ClearFlags);
        b.Bind(r => r.Type == InstructionType.F && r.Mnemonic.StartsWith("fchkf.", StringComparison.Ordinal), &CheckFlags);
    }

    private static int Shift(in DecodedInst i) => FloatStatus.FirstFieldShift + (FloatStatus.FieldWidth * ((int)(i.Slot >> 34) & 3));

    // fsetc.sf amask7, omask7: sf's controls become (sf0.controls & amask7) | omask7 — the base is
    // always sf0's controls, whichever field is written (SDM fsetc).
    private static void SetControls(Vcpu v, in DecodedInst i)
    {
        var ar = v.Cpu.Ar;
        ulong fpsr = ar[CpuState.ArFpsr];
        // F12: amask7 in bits 19:13, omask7 in bits 26:20.
        uint amask = (uint)(i.Slot >> 13) & ControlBits;
        uint omask = (uint)(i.Slot >> 20) & ControlBits;
        uint controls = ((uint)(fpsr >> FloatStatus.FirstFieldShift) & amask & ControlBits) | omask;
        if (((controls >> 2) & 3) == 1)
        {
            // pc = 01 is reserved.
            throw new GuestFaultException(FaultKind.IllegalOperation, "fsetc sets the reserved precision control 01 (reserved register field fault)");
        }

        int shift = Shift(i);
        ar[CpuState.ArFpsr] = (fpsr & ~((ulong)ControlBits << shift)) | ((ulong)controls << shift);
    }

    private static void ClearFlags(Vcpu v, in DecodedInst i)
    {
        var ar = v.Cpu.Ar;
        ar[CpuState.ArFpsr] &= ~(0x3FUL << (Shift(i) + FlagsShift));
    }

    // fchkf branches when sf holds a flag whose trap is enabled or that sf0 does not hold
    // (SDM fchkf): software then decides whether an exception must be raised.
    private static void CheckFlags(Vcpu v, in DecodedInst i)
    {
        ulong fpsr = v.Cpu.Ar[CpuState.ArFpsr];
        ulong flags = (fpsr >> (Shift(i) + FlagsShift)) & 0x3F;
        ulong sf0Flags = (fpsr >> (FloatStatus.FirstFieldShift + FlagsShift)) & 0x3F;
        ulong disabledTraps = fpsr & 0x3F;
        if ((flags & ~disabledTraps) != 0 || (flags & ~sf0Flags) != 0)
        {
            Registers.Branch(v, v.Cpu.Ip + (ulong)i.Immediate);
        }
    }
}
