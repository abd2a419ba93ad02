using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>General-register access with the checks every instruction shares.</summary>
internal static class Registers
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Read(Vcpu v, int r)
    {
        CheckInFrame(v, r);
        return v.Cpu.GetGr(r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Nat(Vcpu v, int r) => v.Cpu.GetNat(r);

    /// <summary>Writes r (illegal operation for r0 or a stacked register outside the current frame).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Write(Vcpu v, int r, ulong value, bool nat = false)
    {
        if (r == 0)
        {
            throw Illegal("write to r0");
        }

        CheckInFrame(v, r);
        v.Cpu.SetGr(r, value, nat);
    }

    /// <summary>A source that must not be NaT (addresses, branch sources): register NaT consumption otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ReadNotNat(Vcpu v, int r)
    {
        ulong value = Read(v, r);
        if (v.Cpu.GetNat(r))
        {
            throw NatConsumption(r);
        }

        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckInFrame(Vcpu v, int r)
    {
        // Static registers first: in a translated block r is a constant and the whole test folds away.
        if (r >= 32 && r - 32 >= v.Cpu.FrameSize)
        {
            throw OutsideFrame(r, v.Cpu.FrameSize);
        }
    }

    // The exceptions are built outside the accessors, so the JIT inlines the accessors into every
    // handler, and thrown inside them: a `throw` ends the path, where a call to a throwing helper
    // looks to the JIT as if it could return, and every field and array it had loaded would have
    // to be loaded again after it, instruction after instruction of a translated block.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static GuestFaultException Illegal(string detail) => new(FaultKind.IllegalOperation, detail);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static GuestFaultException OutsideFrame(int r, int frameSize) => Illegal($"r{r} is outside the current frame (sof {frameSize})");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static GuestFaultException NatConsumption(int r) => new(FaultKind.NatConsumption, $"r{r} is NaT");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Branch(Vcpu v, ulong target)
    {
        v.BranchTarget = target & ~15UL;
        v.Branched = true;
    }

    /// <summary>The address of the bundle holding the executing instruction (for IP-relative forms).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Ip(Vcpu v) => v.Cpu.Ip;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Immediate(in DecodedInst i) => (ulong)i.Immediate;
}
