namespace Ivm.Emulator.Disassembly;

/// <summary>Shows a branch target or other code address, plainly or with the nearest symbol.</summary>
public interface IAddressFormatter
{
    string Format(ulong address);
}

/// <summary>Addresses of flat code with no symbols: "0x" and the address in hex, as objdump shows them.</summary>
public sealed class PlainAddressFormatter : IAddressFormatter
{
    public static readonly PlainAddressFormatter Instance = new();

    public string Format(ulong address) => "0x" + address.ToString("x", System.Globalization.CultureInfo.InvariantCulture);
}
