using System.Globalization;

namespace Ivm.Cli.Commands;

/// <summary>Memory sizes as HPVM administrators write and read them: "2G", "512M"; "2 GB", "512 MB".</summary>
public static class SizeText
{
    private const ulong Kilo = 1UL << 10, Mega = 1UL << 20, Giga = 1UL << 30, Tera = 1UL << 40;

    /// <summary>The largest size accepted: far above any host, small enough that no sum overflows.</summary>
    public const ulong Largest = 64 * Tera;

    /// <summary>
    /// Parses a size: digits with an optional K, M, G or T suffix (powers of 1024, either case); a bare
    /// number is megabytes, as hpvmcreate -r takes it. Throws <see cref="CommandError"/> naming the option.
    /// </summary>
    public static ulong Parse(string option, string text, ulong smallest = Mega)
    {
        ulong unit = Mega;
        string digits = text.Trim();
        if (digits.Length > 1 && char.ToUpperInvariant(digits[^1]) is 'K' or 'M' or 'G' or 'T')
        {
            unit = char.ToUpperInvariant(digits[^1]) switch { 'K' => Kilo, 'M' => Mega, 'G' => Giga, _ => Tera };
            digits = digits[..^1];
        }
        else if (digits.Length > 2 && digits.EndsWith("B", StringComparison.OrdinalIgnoreCase)
            && char.ToUpperInvariant(digits[^2]) is 'K' or 'M' or 'G' or 'T')
        {
            // "2GB", as the status table prints it.
            return Parse(option, digits[..^1], smallest);
        }

        if (!ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value) || value > Largest / unit)
        {
            throw new CommandError($"{option} {text}: not a memory size; write a whole number with an optional K, M, G or T suffix (e.g. 2G or 512M; a bare number is megabytes)");
        }

        ulong bytes = value * unit;
        if (bytes < smallest || bytes > Largest)
        {
            throw new CommandError($"{option} {text}: must be from {Format(smallest)} to {Format(Largest)}");
        }

        return bytes;
    }

    /// <summary>"2 GB", "1536 MB", "64 KB", "100 bytes": the largest unit that divides the size exactly.</summary>
    public static string Format(ulong bytes) => bytes switch
    {
        0 => "0 MB",
        _ when bytes % Giga == 0 => $"{bytes / Giga} GB",
        _ when bytes % Mega == 0 => $"{bytes / Mega} MB",
        _ when bytes % Kilo == 0 => $"{bytes / Kilo} KB",
        _ => $"{bytes} bytes",
    };

    /// <summary>Whole megabytes (rounded up), the unit of HPVM's machine-readable and XML memory fields.</summary>
    public static ulong Megabytes(ulong bytes) => (bytes + Mega - 1) / Mega;
}
