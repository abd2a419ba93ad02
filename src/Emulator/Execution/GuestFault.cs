namespace Ivm.Emulator.Execution;

/// <summary>Where and why a program faulted: enough to print one clear line and exit with 128 + signal.</summary>
public sealed record GuestFault(FaultKind Kind, int Signal, ulong Ip, int Slot, string Detail);
