namespace Ivm.Emulator.Execution;

/// <summary>The faults that end a user-mode program, with the Linux signal the kernel would send.</summary>
public enum FaultKind : byte
{
    IllegalOperation,
    UnalignedReference,
    NatConsumption,
    Segmentation,
    PrivilegedOperation,
    Break,
    IntegerDivideByZero,
}

public static class FaultKindExtensions
{
    public const int SigIll = 4, SigTrap = 5, SigBus = 7, SigFpe = 8, SigSegv = 11;

    /// <summary>The signal Linux/ia64 delivers for the fault (arch/ia64 traps and fault handlers).</summary>
    public static int Signal(this FaultKind kind) => kind switch
    {
        FaultKind.UnalignedReference => SigBus,
        FaultKind.Segmentation => SigSegv,
        FaultKind.IntegerDivideByZero => SigFpe,
        _ => SigIll,
    };

    public static string Describe(this FaultKind kind) => kind switch
    {
        FaultKind.IllegalOperation => "illegal operation fault",
        FaultKind.UnalignedReference => "unaligned data reference fault",
        FaultKind.NatConsumption => "register NaT consumption fault",
        FaultKind.Segmentation => "segmentation fault",
        FaultKind.PrivilegedOperation => "privileged operation fault",
        FaultKind.Break => "break instruction fault",
        FaultKind.IntegerDivideByZero => "integer divide by zero (break 1)",
        _ => kind.ToString(),
    };
}
