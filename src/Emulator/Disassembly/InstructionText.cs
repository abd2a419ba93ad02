using System.Globalization;
using System.Text;
using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Disassembly;

/// <summary>
/// Writes one decoded slot in GNU assembler syntax, exactly as GNU objdump shows it: a 6-column
/// predicate field, the mnemonic with its completers, operands with outputs left of "=", and ";;" when
/// an instruction-group boundary follows. Unmatched slots show as "data8" with the raw bits.
/// </summary>
public static class InstructionText
{
    public static void Append(StringBuilder sb, in DecodedInst inst, ulong bundleAddress, bool stop, IAddressFormatter addresses)
    {
        if (inst.IsIllegal)
        {
            sb.Append("      data8 ");
            AppendAlternateHex(sb, inst.Slot);
            return;
        }

        var row = inst.Encoding;
        if ((row.Flags & EncodingFlags.NoPredicate) != 0 || inst.Qp == 0)
        {
            sb.Append("      ");
        }
        else
        {
            sb.Append("(p").Append(inst.Qp.ToString("00", CultureInfo.InvariantCulture)).Append(") ");
        }

        sb.Append(row.Mnemonic);
        var operands = row.Operands;
        if (operands.Length > 0)
        {
            sb.Append(' ');
        }

        bool comma = false;
        for (int i = 0; i < operands.Length; i++)
        {
            if (comma)
            {
                sb.Append(',');
            }

            long value = i == row.ImmediateOperand ? inst.Immediate : inst.Operand(operands[i]);
            AppendOperand(sb, operands[i], value, bundleAddress, addresses);
            comma = true;
            if (i + 1 == row.Outputs)
            {
                sb.Append('=');
                comma = false;
            }
        }

        if (stop)
        {
            sb.Append(";;");
        }
    }

    private static void AppendOperand(StringBuilder sb, OperandKind kind, long value, ulong bundleAddress, IAddressFormatter addresses)
    {
        var layout = OperandLayouts.Of(kind);
        var inv = CultureInfo.InvariantCulture;
        switch (layout.Style)
        {
            case OperandStyle.Text:
                sb.Append(layout.Text);
                break;
            case OperandStyle.Register:
                sb.Append(layout.Text).Append(value.ToString(inv));
                break;
            case OperandStyle.ApplicationRegister:
                sb.Append(RegisterNames.Application((int)value));
                break;
            case OperandStyle.ControlRegister:
                sb.Append(RegisterNames.Control((int)value));
                break;
            case OperandStyle.Indirect:
                sb.Append(layout.Text).Append("[r").Append(value.ToString(inv)).Append(']');
                break;
            case OperandStyle.SignedDecimal:
                sb.Append(value.ToString(inv));
                break;
            case OperandStyle.UnsignedDecimal:
                sb.Append(((ulong)value).ToString(inv));
                break;
            case OperandStyle.Hex:
                sb.Append("0x").Append(((ulong)value).ToString("x", inv));
                break;
            case OperandStyle.MuxType:
                sb.Append(value switch
                {
                    0x0 => "@brcst",
                    0x8 => "@mix",
                    0x9 => "@shuf",
                    0xa => "@alt",
                    0xb => "@rev",
                    _ => "0x" + value.ToString("x", inv),
                });
                break;
            case OperandStyle.Relative:
                sb.Append(addresses.Format(bundleAddress + (ulong)value));
                break;
        }
    }

    // printf's "%#011llx": "0x" and at least nine hex digits, but zero prints as eleven zeros.
    private static void AppendAlternateHex(StringBuilder sb, ulong value)
    {
        if (value == 0)
        {
            sb.Append("00000000000");
        }
        else
        {
            sb.Append("0x").Append(value.ToString("x9", CultureInfo.InvariantCulture));
        }
    }
}
