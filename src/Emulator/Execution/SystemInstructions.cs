using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// nop, hint and break on every unit (SDM vol. 3 A/I/M/B/F/X nop and break forms). A break with the
/// Linux system-call immediate enters the operating-system personality; any other break is a fault
/// with the signal Linux/ia64 sends for that immediate.
/// </summary>
internal static unsafe class SystemInstructions
{
    public const long SystemCallImmediate = 0x100000;

    public static void Register(SemanticsBuilder b)
    {
        b.BindNoEffect(r => r.Mnemonic.StartsWith("nop.", StringComparison.Ordinal) || r.Mnemonic.StartsWith("hint.", StringComparison.Ordinal));
        b.Bind(r => r.Mnemonic.StartsWith("break.", StringComparison.Ordinal), &Break);
    }

    private static void Break(Vcpu v, in DecodedInst i)
    {
        long immediate = i.Immediate;
        if (immediate == SystemCallImmediate)
        {
            v.SystemCalls.Call(v);
            return;
        }

        // Linux/ia64 gives break immediates meaning: 0 is abort (SIGILL), 1 integer divide by zero and
        // 2 integer overflow (SIGFPE), 0x80000-0xfffff debugger breakpoints (SIGTRAP).
        var (kind, signal) = immediate switch
        {
            0 => (FaultKind.Break, FaultKindExtensions.SigIll),
            1 => (FaultKind.IntegerDivideByZero, FaultKindExtensions.SigFpe),
            2 => (FaultKind.Break, FaultKindExtensions.SigFpe),
            >= 0x80000 and < 0x100000 => (FaultKind.Break, FaultKindExtensions.SigTrap),
            _ => (FaultKind.Break, FaultKindExtensions.SigIll),
        };
        throw new GuestFaultException(kind, $"break 0x{immediate:x}", signal);
    }
}
