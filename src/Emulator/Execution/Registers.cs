using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>General-register access with the checks every instruction shares.</summary>
internal static class Registers
{
    public static ulong Read(Vcpu v, int r)
    {
        CheckInFrame(v, r);
        return v.Cpu.GetGr(r);
    }

    public static bool Nat(Vcpu v, int r) => v.Cpu.GetNat(r);

    /// <summary>Writes r (illegal operation for r0 or a stacked register outside the current frame).</summary>
    public static void Write(Vcpu v, int r, ulong value, bool nat = false)
    {
        if (r == 0)
        {
            throw new GuestFaultException(FaultKind.IllegalOperation, "write to r0");
        }

        CheckInFrame(v, r);
        v.Cpu.SetGr(r, value, nat);
    }

    /// <summary>A source that must not be NaT (addresses, branch sources): register NaT consumption otherwise.</summary>
    public static ulong ReadNotNat(Vcpu v, int r)
    {
        ulong value = Read(v, r);
        if (v.Cpu.GetNat(r))
        {
            throw new GuestFaultException(FaultKind.NatConsumption, $"r{r} is NaT");
        }

        return value;
    }

    private static void CheckInFrame(Vcpu v, int r)
    {
        if (r >= 32 && r >= 32 + v.Cpu.Cfm.Size)
        {
            throw new GuestFaultException(FaultKind.IllegalOperation, $"r{r} is outside the current frame (sof {v.Cpu.Cfm.Size})");
        }
    }

    public static void Branch(Vcpu v, ulong target)
    {
        v.BranchTarget = target & ~15UL;
        v.Branched = true;
    }

    /// <summary>The address of the bundle holding the executing instruction (for IP-relative forms).</summary>
    public static ulong Ip(Vcpu v) => v.Cpu.Ip;

    public static ulong Immediate(in DecodedInst i) => (ulong)i.Immediate;
}
