using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// What every load, store and prefetch shares: the base-register update of the post-increment forms
/// (r3 += r2 or the immediate, after the access) and the natural-alignment check.
/// </summary>
internal static class MemoryOperands
{
    public const byte NoUpdate = 0, RegisterUpdate = 1, ImmediateUpdate = 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PostIncrement(Vcpu v, in DecodedInst i, byte form)
    {
        var cpu = v.Cpu;
        if (form == RegisterUpdate)
        {
            Registers.Write(v, i.R3, cpu.GetGr(i.R3) + Registers.Read(v, i.R2), cpu.GetNat(i.R3) | cpu.GetNat(i.R2));
        }
        else if (form == ImmediateUpdate)
        {
            Registers.Write(v, i.R3, cpu.GetGr(i.R3) + (ulong)i.Immediate, cpu.GetNat(i.R3));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CheckAligned(ulong address, int size)
    {
        if ((address & (ulong)(size - 1)) != 0)
        {
            throw Unaligned(address, size);
        }
    }

    // Built here, thrown by the caller: see Registers for why.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static GuestFaultException Unaligned(ulong address, int size) =>
        new GuestFaultException(FaultKind.UnalignedReference, $"{size}-byte access at 0x{address:x}");
}

/// <summary>A post-increment form as a type: handlers generic over it carry no test for the form.</summary>
internal interface IBaseUpdate
{
    static abstract void Apply(Vcpu v, in DecodedInst i);
}

internal readonly struct NoBaseUpdate : IBaseUpdate
{
    public static void Apply(Vcpu v, in DecodedInst i)
    {
    }
}

internal readonly struct RegisterBaseUpdate : IBaseUpdate
{
    public static void Apply(Vcpu v, in DecodedInst i) => MemoryOperands.PostIncrement(v, i, MemoryOperands.RegisterUpdate);
}

internal readonly struct ImmediateBaseUpdate : IBaseUpdate
{
    public static void Apply(Vcpu v, in DecodedInst i) => MemoryOperands.PostIncrement(v, i, MemoryOperands.ImmediateUpdate);
}
