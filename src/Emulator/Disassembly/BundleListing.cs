using System.Globalization;
using System.Text;
using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Disassembly;

/// <summary>
/// Lays out disassembled bundles the way GNU objdump does for IA-64: one line per slot showing the
/// slot's share of the bundle's bytes (6, 6 and 4), the template on the first line, and for MLX the X
/// instruction on the second line with the last four bytes on a line of their own.
/// </summary>
public sealed class BundleListing
{
    private const int BytesPerLine = 6;
    private readonly int _addressSkip;
    private readonly IAddressFormatter _addresses;

    /// <param name="sectionStart">Address of the first byte of the code being listed.</param>
    /// <param name="sectionEnd">Address just past its last byte; it sets the width of the address column.</param>
    public BundleListing(ulong sectionStart, ulong sectionEnd, IAddressFormatter addresses)
    {
        _addressSkip = AddressSkip(sectionStart, sectionEnd);
        _addresses = addresses;
    }

    /// <summary>Appends the lines of one 16-byte bundle at <paramref name="address"/>.</summary>
    public void Append(StringBuilder sb, ReadOnlySpan<byte> bytes, ulong address)
    {
        var bundle = Bundle.Read(bytes);
        ref readonly var template = ref bundle.Template;
        Span<DecodedInst> slots = stackalloc DecodedInst[3];
        InstructionDecoder.DecodeBundle(bundle, slots);

        AppendPrefix(sb, address, bytes[..6]);
        sb.Append('[').Append(template.Name).Append("] ");
        InstructionText.Append(sb, slots[0], address, bundle.StopAfter(0), _addresses);
        sb.Append('\n');

        AppendPrefix(sb, address + 6, bytes.Slice(6, 6));
        sb.Append("      ");
        if (template.IsLongImmediate)
        {
            InstructionText.Append(sb, slots[2], address, bundle.StopAfter(2), _addresses);
            sb.Append('\n');
            AppendAddress(sb, address + 12);
            AppendBytes(sb, bytes.Slice(12, 4));
            sb.Append('\n');
            return;
        }

        InstructionText.Append(sb, slots[1], address, bundle.StopAfter(1), _addresses);
        sb.Append('\n');

        AppendPrefix(sb, address + 12, bytes.Slice(12, 4));
        sb.Append("      ");
        InstructionText.Append(sb, slots[2], address, bundle.StopAfter(2), _addresses);
        sb.Append('\n');
    }

    private void AppendPrefix(StringBuilder sb, ulong address, ReadOnlySpan<byte> bytes)
    {
        AppendAddress(sb, address);
        AppendBytes(sb, bytes);
        sb.Append(' ', (BytesPerLine - bytes.Length) * 3).Append('\t');
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

    private static void AppendBytes(StringBuilder sb, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            sb.Append(b.ToString("x2", CultureInfo.InvariantCulture)).Append(' ');
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
