using System.Globalization;

namespace Ivm.Emulator.Disassembly;

/// <summary>
/// Names addresses after the nearest symbol at or below them, ranking symbols as GNU objdump does so
/// that branch targets read the same: "4c0 &lt;main+0x20&gt;". Symbols are ordered by address; among
/// equal addresses, those of the section being listed come first, then functions, objects, globals,
/// larger sizes, names not starting with '.', and finally by name.
/// </summary>
public sealed class SymbolizedAddressFormatter : IAddressFormatter
{
    private readonly DisassemblySymbol[] _sorted;
    private readonly string _section;
    private readonly ulong _sectionStart;
    private readonly ulong _sectionEnd;
    private readonly bool _relocatable;

    public SymbolizedAddressFormatter(IEnumerable<DisassemblySymbol> symbols, string section, ulong sectionStart,
        ulong sectionEnd, bool relocatable)
    {
        _section = section;
        _sectionStart = sectionStart;
        _sectionEnd = sectionEnd;
        _relocatable = relocatable;
        _sorted = symbols.ToArray();
        Array.Sort(_sorted, Compare);
    }

    public IReadOnlyList<DisassemblySymbol> Sorted => _sorted;

    /// <summary>
    /// A branch target as objdump shows it: after the best symbol, or the section when none fits; but
    /// a file with no usable symbols at all gets the bare "0x..." address.
    /// </summary>
    public string Format(ulong address) => _sorted.Length == 0
        ? PlainAddressFormatter.Instance.Format(address)
        : FormatWith(Find(address, requireSection: false, out _), address, skipZeroes: true);

    /// <summary>The header objdump prints where a block starts: "0000000000000040 &lt;main&gt;".</summary>
    public string FormatLabel(DisassemblySymbol? symbol, ulong address) => FormatWith(symbol, address, skipZeroes: false);

    /// <summary>objdump's find_symbol_for_address: the best symbol for an address, or null.</summary>
    public DisassemblySymbol? Find(ulong address, bool requireSection, out int place)
    {
        place = -1;
        if (_sorted.Length == 0)
        {
            return null;
        }

        // Binary search for the last symbol at or below the address, as objdump's loop does.
        int min = 0, max = _sorted.Length;
        while (min + 1 < max)
        {
            int mid = (min + max) / 2;
            ulong v = _sorted[mid].Value;
            if (v > address)
            {
                max = mid;
            }
            else if (v < address)
            {
                min = mid;
            }
            else
            {
                min = mid;
                break;
            }
        }

        int here = min;
        while (here > 0 && _sorted[here].Value == _sorted[here - 1].Value)
        {
            here--;
        }

        for (int i = here; i < max && _sorted[i].Value == _sorted[here].Value; i++)
        {
            if (InSection(i))
            {
                place = i;
                return _sorted[i];
            }
        }

        min = here;
        while (min < max && _sorted[min].Value == _sorted[here].Value)
        {
            min++;
        }

        bool wantSection = requireSection || (_relocatable && address >= _sectionStart && address < _sectionEnd);
        if (!Ok(wantSection, here))
        {
            int newPlace = _sorted.Length;
            for (int i = min - 1; i >= 0; i--)
            {
                if (Ok(wantSection, i))
                {
                    if (newPlace == _sorted.Length)
                    {
                        newPlace = i;
                    }

                    if (_sorted[i].Value != _sorted[newPlace].Value)
                    {
                        break;
                    }

                    newPlace = i;
                }
            }

            if (newPlace != _sorted.Length)
            {
                here = newPlace;
            }
            else
            {
                for (int i = here + 1; i < _sorted.Length; i++)
                {
                    if (Ok(wantSection, i))
                    {
                        here = i;
                        break;
                    }
                }
            }

            if (!Ok(wantSection, here))
            {
                return null;
            }
        }

        place = here;
        return _sorted[here];
    }

    private bool InSection(int i) => _sorted[i].Section == _section;

    private bool Ok(bool wantSection, int i) => !wantSection || InSection(i);

    private string FormatWith(DisassemblySymbol? symbol, ulong address, bool skipZeroes)
    {
        var inv = CultureInfo.InvariantCulture;
        string shown = skipZeroes ? address.ToString("x", inv) : address.ToString("x16", inv);
        if (symbol is null)
        {
            string offset = address < _sectionStart ? "-0x" + (_sectionStart - address).ToString("x", inv)
                : address > _sectionStart ? "+0x" + (address - _sectionStart).ToString("x", inv) : "";
            return $"{shown} <{_section}{offset}>";
        }

        string delta = symbol.Value == address ? ""
            : symbol.Value > address ? "-0x" + (symbol.Value - address).ToString("x", inv)
            : "+0x" + (address - symbol.Value).ToString("x", inv);
        return $"{shown} <{symbol.Name}{delta}>";
    }

    private int Compare(DisassemblySymbol a, DisassemblySymbol b)
    {
        int c = a.Value.CompareTo(b.Value);
        if (c != 0)
        {
            return c;
        }

        bool aHere = a.Section == _section, bHere = b.Section == _section;
        if (aHere != bHere)
        {
            return aHere ? -1 : 1;
        }

        bool aJunk = a.Name.Contains("gnu_compiled", StringComparison.Ordinal) || a.Name.Contains("gcc2_compiled", StringComparison.Ordinal);
        bool bJunk = b.Name.Contains("gnu_compiled", StringComparison.Ordinal) || b.Name.Contains("gcc2_compiled", StringComparison.Ordinal);
        if (aJunk != bJunk)
        {
            return aJunk ? 1 : -1;
        }

        bool aFile = LooksLikeFileName(a.Name), bFile = LooksLikeFileName(b.Name);
        if (aFile != bFile)
        {
            return aFile ? 1 : -1;
        }

        if (a.IsFunction != b.IsFunction)
        {
            return a.IsFunction ? -1 : 1;
        }

        if (a.IsObject != b.IsObject)
        {
            return a.IsObject ? -1 : 1;
        }

        if (a.IsLocal != b.IsLocal)
        {
            return a.IsLocal ? 1 : -1;
        }

        if (a.IsGlobal != b.IsGlobal)
        {
            return a.IsGlobal ? -1 : 1;
        }

        if (a.Size != b.Size)
        {
            return a.Size > b.Size ? -1 : 1;
        }

        bool aDot = a.Name.StartsWith('.'), bDot = b.Name.StartsWith('.');
        if (aDot != bDot)
        {
            return aDot ? 1 : -1;
        }

        return string.CompareOrdinal(a.Name, b.Name);
    }

    private static bool LooksLikeFileName(string name) =>
        name.Length > 2 && name[^2] == '.' && (name[^1] == 'o' || name[^1] == 'a');
}
