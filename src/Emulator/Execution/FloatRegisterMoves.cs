using System.Numerics;
using System.Runtime.CompilerServices;
using Ivm.Emulator.Cpu;
using Ivm.Emulator.FloatingPoint;
using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// The exact, non-rounding uses of the floating-point registers (SDM vol. 3 M18, M19, F2, F9): moving
/// integers in and out (setf.sig, getf.sig), integer multiply-add (xma.l/h/hu and the xmpy
/// spellings) and sign/exponent merges (fmerge and the mov, fabs, fneg, fnegabs spellings). NaTVal
/// propagates through all of them. The FP loads and stores are <see cref="FloatMemory"/>.
/// </summary>
internal static unsafe class FloatRegisterMoves
{
    public static void Register(SemanticsBuilder b)
    {
        b.Bind(r => r.Mnemonic == "setf.sig", &SetSignificand);
        b.Bind(r => r.Mnemonic == "getf.sig", &GetSignificand);
        b.Bind(r => r.Mnemonic.StartsWith("xma.", StringComparison.Ordinal) || r.Mnemonic.StartsWith("xmpy.", StringComparison.Ordinal),
            &MultiplyAdd, r => new OpInfo(0, 0, (byte)(r.Mnemonic.EndsWith(".l", StringComparison.Ordinal) ? 0 : r.Mnemonic.EndsWith(".hu", StringComparison.Ordinal) ? 2 : 1), 0));
        b.Bind(r => r.Type == InstructionType.F && (r.Mnemonic is "fmerge.s" or "fmerge.ns" or "fmerge.se" or "fabs" or "fneg" or "fnegabs"
            || (r.Mnemonic == "mov" && r.Operands is [OperandKind.F1, OperandKind.F3])), &Merge);
    }

    private static void SetSignificand(Vcpu v, in DecodedInst i)
    {
        ulong value = Registers.Read(v, i.R2);
        WriteFr(v, i.R1, v.Cpu.GetNat(i.R2) ? FloatRegister.NaTVal : FloatRegister.FromInteger(value));
    }

    private static void GetSignificand(Vcpu v, in DecodedInst i)
    {
        var f = v.Cpu.GetFr(i.R2);
        Registers.Write(v, i.R1, f.Significand, f.IsNaTVal);
    }

    // xma: the 128-bit product of the significands plus the third significand; .l keeps the low 64
    // bits, .h the high 64 bits of the signed product, .hu of the unsigned one.
    private static void MultiplyAdd(Vcpu v, in DecodedInst i)
    {
        var cpu = v.Cpu;
        FloatRegister f3 = cpu.GetFr(i.R3), f4 = cpu.GetFr(i.R4), f2 = cpu.GetFr(i.R2);
        if (NaTValWritten(v, i.R1, f3, f4, f2))
        {
            return;
        }

        ulong result = Semantics.Info[i.Op].Kind switch
        {
            0 => f3.Significand * f4.Significand + f2.Significand,
            2 => (ulong)((((UInt128)f3.Significand * f4.Significand) + f2.Significand) >> 64),
            _ => (ulong)(((Int128)(long)f3.Significand * (long)f4.Significand + (long)f2.Significand) >> 64),
        };
        WriteFr(v, i.R1, FloatRegister.FromInteger(result));
    }

    // fmerge.s: sign of f2, exponent and significand of f3; .ns the negated sign; .se sign and exponent of f2.
    private static void Merge(Vcpu v, in DecodedInst i)
    {
        var cpu = v.Cpu;
        FloatRegister f2 = cpu.GetFr(i.R2), f3 = cpu.GetFr(i.R3);
        if (NaTValWritten(v, i.R1, f2, f3))
        {
            return;
        }

        int x6 = (int)((i.Slot >> 27) & 0x3f);
        var result = x6 switch
        {
            0x10 => new FloatRegister(f3.Significand, (f2.SignExponent & FloatRegister.SignBit) | f3.Exponent),
            0x11 => new FloatRegister(f3.Significand, (~f2.SignExponent & FloatRegister.SignBit) | f3.Exponent),
            _ => new FloatRegister(f3.Significand, f2.SignExponent),
        };
        WriteFr(v, i.R1, result);
    }

    /// <summary>
    /// The NaT rule of register-to-register FP operations: when any source is NaTVal the target
    /// becomes NaTVal and the operation does nothing else. Returns whether that happened.
    /// </summary>
    internal static bool NaTValWritten(Vcpu v, int f1, FloatRegister a, FloatRegister b = default, FloatRegister c = default)
    {
        if (!(a.IsNaTVal || b.IsNaTVal || c.IsNaTVal))
        {
            return false;
        }

        WriteFr(v, f1, FloatRegister.NaTVal);
        return true;
    }

    // Inlined everywhere: in a translated block f is a constant and the check folds away.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void WriteFr(Vcpu v, int f, FloatRegister value)
    {
        if (f < 2)
        {
            throw WriteToConstant(f);
        }

        v.Cpu.SetFr(f, value);
    }

    // Built out of line, thrown in line (a throw ends the path; see Registers).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static GuestFaultException WriteToConstant(int f) =>
        new GuestFaultException(FaultKind.IllegalOperation, $"write to f{f}");
}
