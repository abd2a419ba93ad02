namespace Ivm.Emulator.Isa;

/// <summary>
/// One row of the instruction table: a mnemonic with its completers, the instruction type, the fixed
/// bits that identify it (<see cref="Value"/> under <see cref="Mask"/>), and its operands in assembly
/// order. The row's index in <see cref="InstructionTable.Encodings"/> is its operation number.
/// </summary>
public sealed class Encoding
{
    internal Encoding(ushort op, string mnemonic, InstructionType type, ulong value, ulong mask,
        OperandKind[] operands, int outputs, EncodingFlags flags)
    {
        Op = op;
        Mnemonic = mnemonic;
        Type = type;
        Value = value;
        Mask = mask;
        Operands = operands;
        Outputs = outputs;
        Flags = flags;
        ImmediateOperand = Array.FindIndex(operands, IsImmediate);
    }

    public ushort Op { get; }
    public string Mnemonic { get; }
    public InstructionType Type { get; }
    public ulong Value { get; }
    public ulong Mask { get; }
    public OperandKind[] Operands { get; }

    /// <summary>How many leading operands are written (shown left of "=").</summary>
    public int Outputs { get; }

    public EncodingFlags Flags { get; }

    /// <summary>Index of the operand whose value the decoder precomputes into DecodedInst.Immediate, or -1.</summary>
    public int ImmediateOperand { get; }

    /// <summary>
    /// True when matching needs more than the fixed bits: any flag other than the printing-only
    /// ones (NoPredicate, Pseudo) adds a condition on the operand fields.
    /// </summary>
    public bool HasFieldConditions => (Flags & ~(EncodingFlags.NoPredicate | EncodingFlags.Pseudo)) != 0;

    public bool Matches(ulong slot)
    {
        if ((slot & Mask) != Value)
        {
            return false;
        }

        if ((Flags & EncodingFlags.F2EqualsF3) != 0 && ((slot >> 13) & 0x7f) != ((slot >> 20) & 0x7f))
        {
            return false;
        }

        if ((Flags & EncodingFlags.LengthIsSixtyFourMinusCount) != 0)
        {
            long length = OperandLayouts.Of(OperandKind.Len6).Extract(slot);
            long count = OperandLayouts.Of(Operands[2]).Extract(slot);
            return length == 64 - count;
        }

        return true;
    }

    public override string ToString() => $"{Mnemonic} ({Type}, value {Value:x11} mask {Mask:x11})";

    private static bool IsImmediate(OperandKind kind)
    {
        var style = OperandLayouts.Of(kind).Style;
        return style is OperandStyle.Hex or OperandStyle.SignedDecimal or OperandStyle.UnsignedDecimal
            or OperandStyle.Relative or OperandStyle.MuxType;
    }
}
