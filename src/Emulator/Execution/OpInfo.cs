namespace Ivm.Emulator.Execution;

/// <summary>
/// What an instruction group's handler needs to know about one operation beyond its bits, parsed once
/// from the table row's mnemonic when the semantics table is built (access size, compare relation
/// and type, the form of the second source), so handlers never look at strings.
/// </summary>
public readonly record struct OpInfo(byte Size, byte Relation, byte Kind, byte Form);
