using System.Globalization;
using System.Text;
using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Disassembly;

/// <summary>
/// Lays out disassembled code exactly as GNU objdump does for IA-64. objdump steps through code one
/// slot at a time: slots 0 and 1 each show 6 of the bundle's bytes and slot 2 the last 4; the first
/// line of a bundle carries its template; the X instruction of an MLX bundle shows on the second line
/// with its last four bytes on a continuation line. Runs of 16 or more zero bytes print as "..." (objdump's IA-64 setting), and a
/// block can start at any byte (a symbol inside a bundle restarts decoding there), so this type keeps
/// objdump's stepping rules rather than assuming aligned bundles.
/// </summary>
public sealed class InstructionListing
{
    private const int BytesPerLine = 6;
    private const int SkipZeroes = 16;
    private const int SkipZeroesAtEnd = 3;

    private readonly int _addressSkip;
    private readonly IAddressFormatter _addresses;

    /// <param name="sectionStart">Address of the section's first byte.</param>
    /// <param name="sectionEnd">Address just past its last byte; it sets the width of the address column.</param>
    public InstructionListing(ulong sectionStart, ulong sectionEnd, IAddressFormatter addresses)
    {
        _addressSkip = AddressSkip(sectionStart, sectionEnd);
        _addresses = addresses;
    }

    /// <summary>
    /// Appends the listing of <paramref name="data"/>[start..stop), where data[0] is at
    /// <paramref name="baseAddress"/>. Bundles are read from data[..readLimit]: objdump -d lets a
    /// block read only up to its own end (the next symbol), objdump -D up to the section's end. A
    /// bundle that crosses the limit ends the block with objdump's "out of bounds" line.
    /// </summary>
    public void Append(StringBuilder sb, ReadOnlySpan<byte> data, ulong baseAddress, int start, int stop, int readLimit)
    {
        int offset = start;
        while (offset < stop)
        {
            int zeros = 0;
            while (offset + zeros < stop && data[offset + zeros] == 0)
            {
                zeros++;
            }

            bool atEnd = offset + zeros == stop;
            if (zeros >= SkipZeroes || (atEnd && zeros < SkipZeroesAtEnd && zeros > 0))
            {
                offset += atEnd ? zeros : zeros & ~3;
                sb.Append("\t...\n");
                continue;
            }

            ulong address = baseAddress + (ulong)offset;
            int bundleOffset = offset - (int)(address & 0xf);
            if (bundleOffset < 0 || bundleOffset + Bundle.Size > readLimit)
            {
                AppendAddress(sb, address);
                sb.Append("Address 0x").Append((address & ~0xfUL).ToString("x", CultureInfo.InvariantCulture))
                    .Append(" is out of bounds.\n\n");
                return;
            }

            offset += AppendInstruction(sb, data, baseAddress, offset, bundleOffset, stop);
        }
    }

    private int AppendInstruction(StringBuilder sb, ReadOnlySpan<byte> data, ulong baseAddress, int offset, int bundleOffset, int stop)
    {
        ulong address = baseAddress + (ulong)offset;
        ulong bundleAddress = baseAddress + (ulong)bundleOffset;
        var bundle = Bundle.Read(data[bundleOffset..]);
        ref readonly var template = ref bundle.Template;
        int slot = (int)(address & 0xf) / BytesPerLine;

        var text = new StringBuilder();
        text.Append(slot == 0 ? $"[{template.Name}] " : "      ");
        int length = BytesPerLine;
        DecodedInst inst;
        int shownSlot = slot;
        if (template.IsLongImmediate && slot == 1)
        {
            inst = InstructionDecoder.DecodeSlot(bundle.Slot2, SlotUnit.X, bundle.Slot1);
            shownSlot = 2;
            length += BytesPerLine;
        }
        else
        {
            inst = InstructionDecoder.DecodeSlot(bundle.Slot(slot), template.UnitOf(slot), 0);
        }

        InstructionText.Append(text, inst, bundleAddress, bundle.StopAfter(shownSlot), _addresses);
        if (shownSlot == 2)
        {
            length -= 2;
        }

        // The first line shows up to six bytes; further lines show the rest, six at a time.
        int shown = Math.Min(length, BytesPerLine);
        AppendAddress(sb, address);
        AppendBytes(sb, data, offset, shown, stop);
        sb.Append(' ', (BytesPerLine - shown) * 3).Append('\t').Append(text);
        while (shown < length)
        {
            sb.Append('\n');
            AppendAddress(sb, address + (ulong)shown);
            int next = Math.Min(length, shown + BytesPerLine);
            AppendBytes(sb, data, offset + shown, next - shown, stop);
            shown = next;
        }

        sb.Append('\n');
        return length;
    }

    private void AppendAddress(StringBuilder sb, ulong address)
    {
        // objdump drops leading zeros in groups of four (keeping one), then blanks the rest.
        Span<char> hex = stackalloc char[16];
        address.TryFormat(hex, out _, "x16", CultureInfo.InvariantCulture);
        var shown = hex[_addressSkip..];
        int i = 0;
        while (i < shown.Length - 1 && shown[i] == '0')
        {
            shown[i++] = ' ';
        }

        sb.Append(shown).Append(":\t");
    }

    private static void AppendBytes(StringBuilder sb, ReadOnlySpan<byte> data, int offset, int count, int stop)
    {
        for (int i = offset; i < offset + count; i++)
        {
            if (i < stop)
            {
                sb.Append(data[i].ToString("x2", CultureInfo.InvariantCulture));
            }

            sb.Append(' ');
        }
    }

    private static int AddressSkip(ulong start, ulong end)
    {
        string hex = end.ToString("x16", CultureInfo.InvariantCulture);
        int zeros = 0;
        while (zeros < hex.Length && hex[zeros] == '0')
        {
            zeros++;
        }

        if (zeros == hex.Length && start != 0)
        {
            return 0;
        }

        return zeros == 0 ? 0 : (zeros - 1) & ~3;
    }
}
