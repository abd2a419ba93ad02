using System.Numerics;
using Ivm.Emulator.Cpu;
using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// The exact, non-rounding uses of the floating-point registers (SDM vol. 3 M18, M19, F2, F9, M6-M10
/// for the 8-byte integer and spill forms): moving integers in and out (setf.sig, getf.sig), integer
/// multiply-add (xma.l/h/hu and the xmpy spellings), sign/exponent merges (fmerge and the mov, fabs,
/// fneg, fnegabs spellings), ldf8/stf8 and ldf.fill/stf.spill. NaTVal propagates through all of them.
/// </summary>
internal static unsafe class FloatRegisterMoves
{
    private const byte NoUpdate = 0, RegisterUpdate = 1, ImmediateUpdate = 2;
    private const byte Integer8 = 8, Spill = 16;

    public static void Register(SemanticsBuilder b)
    {
        b.Bind(r => r.Mnemonic == "setf.sig", &SetSignificand);
        b.Bind(r => r.Mnemonic == "getf.sig", &GetSignificand);
        b.Bind(r => r.Mnemonic.StartsWith("xma.", StringComparison.Ordinal) || r.Mnemonic.StartsWith("xmpy.", StringComparison.Ordinal),
            &MultiplyAdd, r => new OpInfo(0, 0, (byte)(r.Mnemonic.EndsWith(".l", StringComparison.Ordinal) ? 0 : r.Mnemonic.EndsWith(".hu", StringComparison.Ordinal) ? 2 : 1), 0));
        b.Bind(r => r.Type == InstructionType.F && (r.Mnemonic is "fmerge.s" or "fmerge.ns" or "fmerge.se" or "fabs" or "fneg" or "fnegabs"
            || (r.Mnemonic == "mov" && r.Operands is [OperandKind.F1, OperandKind.F3])), &Merge);
        b.Bind(r => r.Type == InstructionType.M && IsFloatAccess(r, "ldf8") || IsFloatAccess(r, "ldf.fill"), &Load, AccessInfo);
        b.Bind(r => r.Type == InstructionType.M && IsFloatAccess(r, "stf8") || IsFloatAccess(r, "stf.spill"), &Store, AccessInfo);
    }

    private static bool IsFloatAccess(Encoding r, string stem) =>
        r.Mnemonic == stem || r.Mnemonic.StartsWith(stem + ".", StringComparison.Ordinal);

    private static OpInfo AccessInfo(Encoding r)
    {
        byte size = r.Mnemonic.Contains("fill", StringComparison.Ordinal) || r.Mnemonic.Contains("spill", StringComparison.Ordinal) ? Spill : Integer8;
        bool speculative = r.Mnemonic.Split('.') is var parts && (parts.Contains("s") || parts.Contains("sa"));
        byte form = r.Operands.Length == 3 ? (r.Operands[2] == OperandKind.R2 ? RegisterUpdate : ImmediateUpdate) : NoUpdate;
        return new OpInfo(size, 0, (byte)(speculative ? 1 : 0), form);
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
        if (f3.IsNaTVal || f4.IsNaTVal || f2.IsNaTVal)
        {
            WriteFr(v, i.R1, FloatRegister.NaTVal);
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
        if (f2.IsNaTVal || f3.IsNaTVal)
        {
            WriteFr(v, i.R1, FloatRegister.NaTVal);
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

    private static void Load(Vcpu v, in DecodedInst i)
    {
        var info = Semantics.Info[i.Op];
        var cpu = v.Cpu;
        ulong address = Registers.Read(v, i.R3);
        if (info.Kind == 1 && (cpu.GetNat(i.R3) || !v.Memory.IsMapped(address) || address % 8 != 0))
        {
            WriteFr(v, i.R1, FloatRegister.NaTVal);
        }
        else
        {
            if (cpu.GetNat(i.R3))
            {
                throw new GuestFaultException(FaultKind.NatConsumption, $"load address r{i.R3} is NaT");
            }

            CheckAligned(address, info.Size);
            FloatRegister value;
            if (info.Size == Spill)
            {
                // The spill format: significand in the low 8 bytes, then exponent and sign in bits 81:64.
                UInt128 bits = v.Memory.Read128(address);
                value = new FloatRegister((ulong)bits, (uint)(bits >> 64) & (FloatRegister.SignBit | FloatRegister.ExponentMask));
            }
            else
            {
                value = FloatRegister.FromInteger(v.Memory.Read64(address));
            }

            WriteFr(v, i.R1, value);
        }

        Update(v, i, info.Form);
    }

    private static void Store(Vcpu v, in DecodedInst i)
    {
        var info = Semantics.Info[i.Op];
        ulong address = Registers.ReadNotNat(v, i.R3);
        var value = v.Cpu.GetFr(i.R2);
        CheckAligned(address, info.Size);
        if (info.Size == Spill)
        {
            v.Memory.Write128(address, new UInt128(value.SignExponent, value.Significand));
        }
        else
        {
            if (value.IsNaTVal)
            {
                throw new GuestFaultException(FaultKind.NatConsumption, $"store of f{i.R2}, which is NaTVal");
            }

            v.Memory.Write64(address, value.Significand);
        }

        Update(v, i, info.Form);
    }

    private static void CheckAligned(ulong address, int size)
    {
        if ((address & (ulong)(size - 1)) != 0)
        {
            throw new GuestFaultException(FaultKind.UnalignedReference, $"{size}-byte floating-point access at 0x{address:x}");
        }
    }

    private static void Update(Vcpu v, in DecodedInst i, byte form)
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

    internal static void WriteFr(Vcpu v, int f, FloatRegister value)
    {
        if (f < 2)
        {
            throw new GuestFaultException(FaultKind.IllegalOperation, $"write to f{f}");
        }

        v.Cpu.SetFr(f, value);
    }
}
