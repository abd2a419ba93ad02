using System.Globalization;

namespace Ivm.Emulator.Isa;

/// <summary>
/// Collects the rows of the instruction table from a compact text notation that reads like the SDM:
/// <code>
/// t.Format("A1", "x2a 35:34, ve 33, x4 32:29, x2b 28:27");
/// t.A("add r1=r2,r3,1", "A1 op=8 x2a=0 ve=0 x4=0 x2b=1");
/// </code>
/// A pattern names a format and assigns its fields (decimal or 0x hex); "op" is always bits 40:37, and
/// raw ranges ("35:34=2", "33=1") and flags ("nopred", "pseudo", "f2=f3", "len=64-count") may follow.
/// Operands use the SDM's names (r1, f2, p1, b2, ar3, cr3, [r3], pmc[r3] ...) or any
/// <see cref="OperandKind"/> name (imm14, target25c ...); literal words such as ar.pfs or 1 are fixed text.
/// </summary>
public sealed class TableBuilder
{
    private readonly List<Encoding> _rows = [];
    private readonly Dictionary<string, Dictionary<string, (int Lo, int Width)>> _formats = new(StringComparer.Ordinal);

    public TableBuilder()
    {
        // Operation 0 is the illegal operation: what every unmatched or reserved encoding decodes to.
        _rows.Add(new Encoding(0, "illegal", InstructionType.M, 0, ulong.MaxValue, [], 0, EncodingFlags.None));
    }

    public IReadOnlyList<Encoding> Rows => _rows;

    /// <summary>Declares a format's named fields as "name hi:lo" or "name bit", comma separated.</summary>
    public void Format(string name, string fields)
    {
        var map = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        foreach (var part in fields.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length != 2)
            {
                throw new FormatException($"Format {name}: field '{part}' is not 'name hi:lo'.");
            }

            map[words[0]] = ParseRange(words[1], name);
        }

        _formats.Add(name, map);
    }

    public void A(string syntax, string pattern) => Add(InstructionType.A, syntax, pattern);
    public void I(string syntax, string pattern) => Add(InstructionType.I, syntax, pattern);
    public void M(string syntax, string pattern) => Add(InstructionType.M, syntax, pattern);
    public void B(string syntax, string pattern) => Add(InstructionType.B, syntax, pattern);
    public void F(string syntax, string pattern) => Add(InstructionType.F, syntax, pattern);
    public void X(string syntax, string pattern) => Add(InstructionType.X, syntax, pattern);

    /// <summary>Adds one row; rows added earlier win when several match the same bits.</summary>
    public void Add(InstructionType type, string syntax, string pattern)
    {
        var (mnemonic, operands, outputs) = ParseSyntax(syntax);
        var (value, mask, flags) = ParsePattern(pattern, syntax);
        if (_rows.Count > ushort.MaxValue)
        {
            throw new InvalidOperationException("Too many encodings for a 16-bit operation number.");
        }

        _rows.Add(new Encoding((ushort)_rows.Count, mnemonic, type, value, mask, operands, outputs, flags));
    }

    private (ulong Value, ulong Mask, EncodingFlags Flags) ParsePattern(string pattern, string syntax)
    {
        var words = pattern.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Dictionary<string, (int Lo, int Width)>? format = null;
        ulong value = 0, mask = 0;
        var flags = EncodingFlags.None;
        foreach (var word in words)
        {
            switch (word)
            {
                case "nopred": flags |= EncodingFlags.NoPredicate; continue;
                case "pseudo": flags |= EncodingFlags.Pseudo; continue;
                case "f2=f3": flags |= EncodingFlags.F2EqualsF3; continue;
                case "len=64-count": flags |= EncodingFlags.LengthIsSixtyFourMinusCount; continue;
            }

            int eq = word.IndexOf('=');
            if (eq < 0)
            {
                if (format is not null || !_formats.TryGetValue(word, out format))
                {
                    throw new FormatException($"'{syntax}': '{word}' is neither a known format nor field=value.");
                }

                continue;
            }

            string field = word[..eq];
            ulong fieldValue = ParseNumber(word[(eq + 1)..], syntax);
            (int lo, int width) = field == "op" ? (37, 4)
                : char.IsAsciiDigit(field[0]) ? ParseRange(field, syntax)
                : format is not null && format.TryGetValue(field, out var range) ? range
                : throw new FormatException($"'{syntax}': field '{field}' is not in the pattern's format.");
            ulong fieldMask = ((1UL << width) - 1) << lo;
            if (fieldValue >= 1UL << width)
            {
                throw new FormatException($"'{syntax}': {field}={fieldValue} does not fit in {width} bits.");
            }

            if ((mask & fieldMask) != 0)
            {
                throw new FormatException($"'{syntax}': field '{field}' overlaps a field already set.");
            }

            mask |= fieldMask;
            value |= fieldValue << lo;
        }

        return (value, mask, flags);
    }

    private static (string Mnemonic, OperandKind[] Operands, int Outputs) ParseSyntax(string syntax)
    {
        string text = syntax.Trim();
        int space = text.IndexOf(' ');
        if (space < 0)
        {
            return (text, [], 0);
        }

        string mnemonic = text[..space];
        string operandText = text[(space + 1)..].Replace(" ", "", StringComparison.Ordinal);
        var operands = new List<OperandKind>();
        int outputs = 0;
        int eq = operandText.IndexOf('=');
        if (eq >= 0)
        {
            foreach (var name in operandText[..eq].Split(','))
            {
                operands.Add(ParseOperand(name, syntax));
            }

            outputs = operands.Count;
            operandText = operandText[(eq + 1)..];
        }

        if (operandText.Length > 0)
        {
            foreach (var name in operandText.Split(','))
            {
                operands.Add(ParseOperand(name, syntax));
            }
        }

        return (mnemonic, operands.ToArray(), outputs);
    }

    private static readonly Dictionary<string, OperandKind> s_operandNames = new(StringComparer.Ordinal)
    {
        ["r1"] = OperandKind.R1, ["r2"] = OperandKind.R2, ["r3"] = OperandKind.R3,
        ["f1"] = OperandKind.F1, ["f2"] = OperandKind.F2, ["f3"] = OperandKind.F3, ["f4"] = OperandKind.F4,
        ["p1"] = OperandKind.P1, ["p2"] = OperandKind.P2, ["b1"] = OperandKind.B1, ["b2"] = OperandKind.B2,
        ["ar3"] = OperandKind.Ar3, ["cr3"] = OperandKind.Cr3, ["dahr3"] = OperandKind.Dahr,
        ["[r3]"] = OperandKind.Mem3, ["cpuid[r3]"] = OperandKind.CpuidInd, ["dbr[r3]"] = OperandKind.DbrInd,
        ["dtr[r3]"] = OperandKind.DtrInd, ["itr[r3]"] = OperandKind.ItrInd, ["ibr[r3]"] = OperandKind.IbrInd,
        ["msr[r3]"] = OperandKind.MsrInd, ["pkr[r3]"] = OperandKind.PkrInd, ["pmc[r3]"] = OperandKind.PmcInd,
        ["pmd[r3]"] = OperandKind.PmdInd, ["dahr[r3]"] = OperandKind.DahrInd, ["rr[r3]"] = OperandKind.RrInd,
        ["ar.csd"] = OperandKind.ArCsd, ["ar.ccv"] = OperandKind.ArCcv, ["ar.pfs"] = OperandKind.ArPfs,
        ["1"] = OperandKind.One, ["8"] = OperandKind.Eight, ["16"] = OperandKind.Sixteen, ["r0"] = OperandKind.R0,
        ["ip"] = OperandKind.Ip, ["pr"] = OperandKind.Pr, ["pr.rot"] = OperandKind.PrRot, ["psr"] = OperandKind.Psr,
        ["psr.l"] = OperandKind.PsrL, ["psr.um"] = OperandKind.PsrUm,
    };

    private static OperandKind ParseOperand(string name, string syntax) =>
        s_operandNames.TryGetValue(name, out var kind) ? kind
        : Enum.TryParse(name, ignoreCase: true, out kind) && kind != OperandKind.None ? kind
        : throw new FormatException($"'{syntax}': unknown operand '{name}'.");

    private static (int Lo, int Width) ParseRange(string text, string context)
    {
        var parts = text.Split(':');
        int hi = int.Parse(parts[0], CultureInfo.InvariantCulture);
        int lo = parts.Length == 2 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : hi;
        if (lo > hi || hi > 40 || lo < 0)
        {
            throw new FormatException($"{context}: bit range '{text}' is not within 40:0 as hi:lo.");
        }

        return (lo, hi - lo + 1);
    }

    private static ulong ParseNumber(string text, string context) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.Parse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : text.StartsWith("0b", StringComparison.OrdinalIgnoreCase)
                ? Convert.ToUInt64(text[2..], 2)
                : ulong.TryParse(text, CultureInfo.InvariantCulture, out var v) ? v
                    : throw new FormatException($"'{context}': '{text}' is not a number.");
}
