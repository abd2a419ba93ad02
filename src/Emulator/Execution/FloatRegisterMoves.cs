using System.Numerics;
using Ivm.Emulator.Cpu;
using Ivm.Emulator.FloatingPoint;
using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// The exact, non-rounding uses of the floating-point registers (SDM vol. 3 M18, M19, F2, F9, M6-M10
/// for the 8-byte integer and spill forms): moving integers in and out (setf.sig, getf.sig), integer
/// multiply-add (xma.l/h/hu and the xmpy spellings), sign/exponent merges (fmerge and the mov, fabs,
/// fneg, fnegabs spellings) and the FP loads and stores in every memory format (8-byte integer, spill,
/// single, double, extended). NaTVal propagates through all of them.
/// </summary>
internal static unsafe class FloatRegisterMoves
{
    // Memory formats (OpInfo.Relation) and their alignment (OpInfo.Size).
    private const byte Integer8 = 0, Spill = 1, Single = 2, Double = 3, Extended = 4;

    public static void Register(SemanticsBuilder b)
    {
        b.Bind(r => r.Mnemonic == "setf.sig", &SetSignificand);
        b.Bind(r => r.Mnemonic == "getf.sig", &GetSignificand);
        b.Bind(r => r.Mnemonic.StartsWith("xma.", StringComparison.Ordinal) || r.Mnemonic.StartsWith("xmpy.", StringComparison.Ordinal),
            &MultiplyAdd, r => new OpInfo(0, 0, (byte)(r.Mnemonic.EndsWith(".l", StringComparison.Ordinal) ? 0 : r.Mnemonic.EndsWith(".hu", StringComparison.Ordinal) ? 2 : 1), 0));
        b.Bind(r => r.Type == InstructionType.F && (r.Mnemonic is "fmerge.s" or "fmerge.ns" or "fmerge.se" or "fabs" or "fneg" or "fnegabs"
            || (r.Mnemonic == "mov" && r.Operands is [OperandKind.F1, OperandKind.F3])), &Merge);
        b.Bind(r => r.Type == InstructionType.M && s_loads.Any(stem => IsFloatAccess(r, stem)), &Load, AccessInfo);
        b.Bind(r => r.Type == InstructionType.M && s_stores.Any(stem => IsFloatAccess(r, stem)), &Store, AccessInfo);
    }

    private static readonly string[] s_loads = ["ldf8", "ldf.fill", "ldfs", "ldfd", "ldfe"];
    private static readonly string[] s_stores = ["stf8", "stf.spill", "stfs", "stfd", "stfe"];

    private static bool IsFloatAccess(Encoding r, string stem) =>
        r.Mnemonic == stem || r.Mnemonic.StartsWith(stem + ".", StringComparison.Ordinal);

    private static OpInfo AccessInfo(Encoding r)
    {
        string stem = r.Mnemonic.StartsWith("ldf.", StringComparison.Ordinal) || r.Mnemonic.StartsWith("stf.", StringComparison.Ordinal)
            ? "spill" : r.Mnemonic[3..4];
        var (format, size) = stem switch
        {
            "spill" => (Spill, 16),
            "s" => (Single, 4),
            "d" => (Double, 8),
            "e" => (Extended, 16),
            _ => (Integer8, 8),
        };
        string[] parts = r.Mnemonic.Split('.');
        byte kind = parts.Contains("sa") ? SpeculativeAdvanced : parts.Contains("s") ? Speculative : parts.Contains("a") ? Advanced
            : parts.Contains("c") ? (parts.Contains("nc") ? CheckNoClear : CheckClear) : Plain;
        byte form = r.Operands.Length == 3 ? (r.Operands[2] == OperandKind.R2 ? MemoryOperands.RegisterUpdate : MemoryOperands.ImmediateUpdate) : MemoryOperands.NoUpdate;
        return new OpInfo((byte)size, format, kind, form);
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

    // Load kinds (OpInfo.Kind): speculative loads defer faults as NaTVal; advanced and check loads
    // use the ALAT exactly as the integer loads do, tagged with the physical FP register.
    private const byte Plain = 0, Speculative = 1, Advanced = 2, SpeculativeAdvanced = 3, CheckClear = 4, CheckNoClear = 5;

    private static void Load(Vcpu v, in DecodedInst i)
    {
        var info = Semantics.Info[i.Op];
        var cpu = v.Cpu;
        ulong address = Registers.Read(v, i.R3);
        byte kind = info.Kind;
        int tag = Alat.FloatTagBase + cpu.FrIndex(i.R1);
        if (kind is Speculative or SpeculativeAdvanced && (cpu.GetNat(i.R3) || !v.Memory.IsMapped(address) || address % info.Size != 0))
        {
            WriteFr(v, i.R1, FloatRegister.NaTVal);
            if (kind == SpeculativeAdvanced)
            {
                v.Alat.Remove(tag);
            }
        }
        else if (kind is CheckClear or CheckNoClear && v.Alat.Contains(tag))
        {
            if (kind == CheckClear)
            {
                v.Alat.Remove(tag);
            }
        }
        else
        {
            if (cpu.GetNat(i.R3))
            {
                throw new GuestFaultException(FaultKind.NatConsumption, $"load address r{i.R3} is NaT");
            }

            MemoryOperands.CheckAligned(address, info.Size);
            WriteFr(v, i.R1, Read(v, address, info.Relation));
            if (kind is Advanced or SpeculativeAdvanced or CheckNoClear)
            {
                v.Alat.Allocate(tag, address, info.Size);
            }
        }

        MemoryOperands.PostIncrement(v, i, info.Form);
    }

    private static void Store(Vcpu v, in DecodedInst i)
    {
        var info = Semantics.Info[i.Op];
        ulong address = Registers.ReadNotNat(v, i.R3);
        var value = v.Cpu.GetFr(i.R2);
        MemoryOperands.CheckAligned(address, info.Size);
        if (value.IsNaTVal && info.Relation != Spill)
        {
            throw new GuestFaultException(FaultKind.NatConsumption, $"store of f{i.R2}, which is NaTVal");
        }

        Write(v, address, info.Relation, value);
        v.NoteStore(address, info.Size);
        MemoryOperands.PostIncrement(v, i, info.Form);
    }

    // The spill format keeps the register whole: significand in the low 8 bytes, sign and exponent in
    // bits 81:64. The single, double and extended formats convert as ldfs/ldfd/ldfe and stfs/stfd/stfe.
    private static FloatRegister Read(Vcpu v, ulong address, byte format)
    {
        switch (format)
        {
            case Spill:
                UInt128 bits = v.Memory.Read128(address);
                return new FloatRegister((ulong)bits, (uint)(bits >> 64) & (FloatRegister.SignBit | FloatRegister.ExponentMask));
            case Single:
                return FloatArithmeticInstructions.FromCore(Float82.FromSingleBits(v.Memory.Read32(address)));
            case Double:
                return FloatArithmeticInstructions.FromCore(Float82.FromDoubleBits(v.Memory.Read64(address)));
            case Extended:
                Span<byte> ten = stackalloc byte[10];
                v.Memory.Read(address, ten);
                return FloatArithmeticInstructions.FromCore(Float82.FromExtended(ten));
            default:
                return FloatRegister.FromInteger(v.Memory.Read64(address));
        }
    }

    private static void Write(Vcpu v, ulong address, byte format, FloatRegister value)
    {
        switch (format)
        {
            case Spill:
                v.Memory.Write128(address, new UInt128(value.SignExponent, value.Significand));
                break;
            case Single:
                v.Memory.Write32(address, FloatArithmeticInstructions.ToCore(value).ToSingleBits());
                break;
            case Double:
                v.Memory.Write64(address, FloatArithmeticInstructions.ToCore(value).ToDoubleBits());
                break;
            case Extended:
                Span<byte> ten = stackalloc byte[10];
                FloatArithmeticInstructions.ToCore(value).ToExtended(ten);
                v.Memory.Write(address, ten);
                break;
            default:
                v.Memory.Write64(address, value.Significand);
                break;
        }
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

    internal static void WriteFr(Vcpu v, int f, FloatRegister value)
    {
        if (f < 2)
        {
            throw new GuestFaultException(FaultKind.IllegalOperation, $"write to f{f}");
        }

        v.Cpu.SetFr(f, value);
    }
}
