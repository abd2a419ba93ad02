using Ivm.Emulator.Cpu;
using Ivm.Emulator.FloatingPoint;
using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// Floating-point load pairs (SDM vol. 3 M11, M12): ldfps, ldfpd and ldfp8 with every completer, and
/// their forms that add the pair's size (8 or 16) to r3; and chk.s on a floating-point register
/// (M21), which branches to recovery when the register is NaTVal. The pair must be aligned to its
/// size, and f1 and f2 must be one odd and one even register. Pair loads never hold an ALAT entry
/// (an implementation may drop entries at any time), so ldfp .a and .c loads simply load and chk.a
/// on a pair target recovers; a speculative (.s, .sa) load that would fault writes NaTVal to both
/// targets instead.
/// </summary>
internal static unsafe class FloatPairLoads
{
    private const byte Single = 0, Double = 1, Integer8 = 2;

    public static void Register(SemanticsBuilder b)
    {
        b.Bind(r => r.Type == InstructionType.M && r.Mnemonic.StartsWith("ldfp", StringComparison.Ordinal), &LoadPair, Info);
        b.Bind(r => r.Mnemonic == "chk.s" && r.Operands is [OperandKind.F2, _], &CheckFloat);
    }

    private static OpInfo Info(Encoding r)
    {
        string[] parts = r.Mnemonic.Split('.');
        var (format, size) = parts[0] switch
        {
            "ldfps" => (Single, 8),
            "ldfpd" => (Double, 16),
            _ => (Integer8, 16),
        };
        bool speculative = Array.IndexOf(parts, "s") > 0 || Array.IndexOf(parts, "sa") > 0;
        byte update = (byte)(r.Operands.Length == 4 ? 1 : 0);
        return new OpInfo((byte)size, format, (byte)(speculative ? 1 : 0), update);
    }

    private static void LoadPair(Vcpu v, in DecodedInst i)
    {
        var info = Semantics.Info[i.Op];
        var cpu = v.Cpu;
        if (((i.R1 ^ i.R2) & 1) == 0)
        {
            throw new GuestFaultException(FaultKind.IllegalOperation, $"ldfp with f{i.R1} and f{i.R2} both odd or both even");
        }

        ulong address = Registers.Read(v, i.R3);
        int half = info.Size / 2;
        if (info.Kind == 1 && (cpu.GetNat(i.R3) || !v.Memory.IsMapped(address) || !v.Memory.IsMapped(address + (ulong)half)
            || address % info.Size != 0))
        {
            FloatRegisterMoves.WriteFr(v, i.R1, FloatRegister.NaTVal);
            FloatRegisterMoves.WriteFr(v, i.R2, FloatRegister.NaTVal);
        }
        else
        {
            if (cpu.GetNat(i.R3))
            {
                throw new GuestFaultException(FaultKind.NatConsumption, $"load address r{i.R3} is NaT");
            }

            MemoryOperands.CheckAligned(address, info.Size);
            var first = Read(v, address, info.Relation);
            var second = Read(v, address + (ulong)half, info.Relation);
            FloatRegisterMoves.WriteFr(v, i.R1, first);
            FloatRegisterMoves.WriteFr(v, i.R2, second);
        }

        if (info.Form == 1)
        {
            Registers.Write(v, i.R3, cpu.GetGr(i.R3) + info.Size, cpu.GetNat(i.R3));
        }
    }

    private static FloatRegister Read(Vcpu v, ulong address, byte format) => format switch
    {
        Single => SingleFormat.Load(v.Memory, address),
        Double => DoubleFormat.Load(v.Memory, address),
        _ => Integer8Format.Load(v.Memory, address),
    };

    private static void CheckFloat(Vcpu v, in DecodedInst i)
    {
        if (v.Cpu.GetFr(i.R2).IsNaTVal)
        {
            Registers.Branch(v, v.Cpu.Ip + (ulong)i.Immediate);
        }
    }
}
