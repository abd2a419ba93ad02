namespace Ivm.Emulator.Elf;

/// <summary>The file is not a well-formed IA-64 ELF64 object; the message says what is wrong and where.</summary>
public sealed class ElfFormatException(string message) : Exception(message);
