using System.Runtime.CompilerServices;
using Ivm.Emulator.Cpu;
using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// Moves between general registers and the branch, predicate and application registers, and the
/// ip (SDM vol. 3 I21-I29, M29-M31), plus zero and sign extension (I29).
/// </summary>
internal static unsafe class Moves
{
    public static void Register(SemanticsBuilder b)
    {
        b.Bind(r => r.Mnemonic.StartsWith("mov", StringComparison.Ordinal) && r.Operands is [OperandKind.B1, OperandKind.R2, ..], &ToBranch);
        b.Bind(r => r.Mnemonic == "mov" && r.Operands is [OperandKind.R1, OperandKind.B2], &FromBranch);
        b.Bind(r => r.Mnemonic == "mov" && r.Operands is [OperandKind.R1, OperandKind.Ip], &FromIp);
        b.Bind(r => r.Mnemonic == "mov" && r.Operands is [OperandKind.R1, OperandKind.Pr], &FromPredicates);
        b.Bind(r => r.Mnemonic == "mov" && r.Operands is [OperandKind.Pr, OperandKind.R2, OperandKind.Imm17], &ToPredicates);
        b.Bind(r => r.Mnemonic == "mov" && r.Operands is [OperandKind.PrRot, OperandKind.Imm44], &ToRotatingPredicates);
        b.Bind(r => r.Mnemonic is "mov.i" or "mov.m" && r.Operands is [OperandKind.Ar3, OperandKind.R2], &ToApplication);
        b.Bind(r => r.Mnemonic is "mov.i" or "mov.m" && r.Operands is [OperandKind.Ar3, OperandKind.Imm8], &ToApplicationImmediate);
        b.Bind(r => r.Mnemonic is "mov.i" or "mov.m" && r.Operands is [OperandKind.R1, OperandKind.Ar3], &FromApplication);
        b.Bind(r => r.Mnemonic is "zxt1" or "zxt2" or "zxt4" or "sxt1" or "sxt2" or "sxt4", &Extend,
            r => new OpInfo((byte)(r.Mnemonic[3] - '0'), 0, (byte)(r.Mnemonic[0] == 's' ? 1 : 0), 0));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ToBranch(Vcpu v, in DecodedInst i) => v.Cpu.Br[(int)((i.Slot >> 6) & 7)] = Registers.ReadNotNat(v, i.R2);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FromBranch(Vcpu v, in DecodedInst i) => Registers.Write(v, i.R1, v.Cpu.Br[(int)((i.Slot >> 13) & 7)]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FromIp(Vcpu v, in DecodedInst i) => Registers.Write(v, i.R1, v.Cpu.Ip);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FromPredicates(Vcpu v, in DecodedInst i) => Registers.Write(v, i.R1, v.Cpu.GetPredicates());

    // mov pr=r2,mask17: predicates whose mask bit is set take r2's bit (the decoded mask is sign-extended
    // from bit 16, which covers p16-p63).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ToPredicates(Vcpu v, in DecodedInst i)
    {
        ulong value = Registers.ReadNotNat(v, i.R2);
        ulong mask = (ulong)i.Immediate;
        for (int p = 1; p < 64; p++)
        {
            if (((mask >> p) & 1) != 0)
            {
                v.Cpu.SetPr(p, ((value >> p) & 1) != 0);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ToRotatingPredicates(Vcpu v, in DecodedInst i)
    {
        ulong value = (ulong)i.Immediate;
        for (int p = 16; p < 64; p++)
        {
            v.Cpu.SetPr(p, ((value >> p) & 1) != 0);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ApplicationRegister(in DecodedInst i) => (int)((i.Slot >> 20) & 0x7f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ToApplication(Vcpu v, in DecodedInst i) => WriteAr(v, ApplicationRegister(i), Registers.ReadNotNat(v, i.R2));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ToApplicationImmediate(Vcpu v, in DecodedInst i) => WriteAr(v, ApplicationRegister(i), (ulong)i.Immediate);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FromApplication(Vcpu v, in DecodedInst i) => Registers.Write(v, i.R1, v.Cpu.GetAr(ApplicationRegister(i)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteAr(Vcpu v, int ar, ulong value)
    {
        var cpu = v.Cpu;
        switch (ar)
        {
            case CpuState.ArBsp:
                throw new GuestFaultException(FaultKind.IllegalOperation, "write to ar.bsp (read-only)");
            case CpuState.ArBspStore:
                if (!cpu.Stack.TrySetBspStore(value))
                {
                    throw new GuestFaultException(FaultKind.IllegalOperation, "write to ar.bspstore with dirty registers (flushrs first)");
                }

                break;
            case CpuState.ArRnat:
                cpu.Stack.Rnat = value;
                break;
            case CpuState.ArEc:
                cpu.Ar[ar] = value & 0x3f;
                break;
            case CpuState.ArPfs:
                cpu.Ar[ar] = value & 0xc3f0_003f_ffff_ffff;
                break;
            default:
                cpu.Ar[ar] = value;
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Extend(Vcpu v, in DecodedInst i)
    {
        var info = Semantics.Info[i.Op];
        ulong value = Registers.Read(v, i.R3);
        int unused = 64 - 8 * info.Size;
        ulong result = info.Kind == 1 ? (ulong)((long)(value << unused) >> unused) : (value << unused) >> unused;
        Registers.Write(v, i.R1, result, v.Cpu.GetNat(i.R3));
    }
}
