using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ivm.Emulator.Isa;

/// <summary>
/// One decoded slot in 16 bytes: the slot's 41 raw bits with the operation number above them, and the
/// instruction's principal immediate already formed (sign-extended, scaled; for L+X instructions the
/// full 62- or 64-bit value). Register and secondary fields are read straight from the raw bits, so
/// the interpreter, the disassembler and a later translator all share this one form.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct DecodedInst
{
    private const int OpShift = 48;

    private readonly ulong _bits;

    /// <summary>The principal immediate (see <see cref="Encoding.ImmediateOperand"/>), or 0.</summary>
    public readonly long Immediate;

    public DecodedInst(ushort op, ulong slot, long immediate)
    {
        _bits = (slot & Bundle.SlotMask) | ((ulong)op << OpShift);
        Immediate = immediate;
    }

    /// <summary>The operation number: an index into <see cref="InstructionTable.Encodings"/>; 0 is illegal.</summary>
    public ushort Op
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (ushort)(_bits >> OpShift);
    }

    public bool IsIllegal => Op == 0;

    /// <summary>The slot's 41 raw bits.</summary>
    public ulong Slot => _bits & Bundle.SlotMask;

    public Encoding Encoding => InstructionTable.Rows[Op];

    /// <summary>Qualifying predicate (bits 0..5).</summary>
    public int Qp => (int)_bits & 0x3f;

    /// <summary>First destination field, bits 6..12 (r1, f1; p1 is its low 6 bits).</summary>
    public int R1 => (int)(_bits >> 6) & 0x7f;

    /// <summary>Bits 13..19 (r2, f2).</summary>
    public int R2 => (int)(_bits >> 13) & 0x7f;

    /// <summary>Bits 20..26 (r3, f3, ar3, cr3).</summary>
    public int R3 => (int)(_bits >> 20) & 0x7f;

    /// <summary>Bits 27..33 (f4).</summary>
    public int R4 => (int)(_bits >> 27) & 0x7f;

    /// <summary>Bits 6..11 (p1).</summary>
    public int P1 => (int)(_bits >> 6) & 0x3f;

    /// <summary>Bits 27..32 (p2).</summary>
    public int P2 => (int)(_bits >> 27) & 0x3f;

    /// <summary>Extracts any operand kind's value from the raw bits.</summary>
    public long Operand(OperandKind kind) => OperandLayouts.Of(kind).Extract(Slot);
}
