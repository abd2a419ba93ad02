using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// The multimedia ALU (SDM vol. 3 A9, A10): parallel add and subtract on 1-, 2- and 4-byte elements
/// with modulo or saturating arithmetic (.sss signed; .uuu unsigned; .uus r2 unsigned, r3 signed,
/// unsigned result), averages, compares, and shift-left/right-and-add with signed saturation.
/// </summary>
internal static unsafe class ParallelArithmetic
{
    private enum Operation : byte { Add, Subtract, Average, AverageRoundAway, AverageSubtract, Equal, Greater, ShiftLeftAdd, ShiftRightAdd }

    private enum Saturation : byte { Modulo, Signed, Unsigned, UnsignedFromMixed }

    public static void Register(SemanticsBuilder b) =>
        b.Bind(r => r.Type == InstructionType.A && Parse(r.Mnemonic) is not null, &Execute, r => Parse(r.Mnemonic)!.Value);

    private static OpInfo? Parse(string mnemonic)
    {
        int dot = mnemonic.IndexOf('.');
        string stem = dot < 0 ? mnemonic : mnemonic[..dot], completer = dot < 0 ? "" : mnemonic[(dot + 1)..];
        if (stem.Length < 2 || stem[^1] is not ('1' or '2' or '4'))
        {
            return null;
        }

        byte size = (byte)(stem[^1] - '0');
        Operation? op = (stem[..^1], completer) switch
        {
            ("padd", _) => Operation.Add,
            ("psub", _) => Operation.Subtract,
            ("pavg", "") => Operation.Average,
            ("pavg", "raz") => Operation.AverageRoundAway,
            ("pavgsub", "") => Operation.AverageSubtract,
            ("pcmp", "eq") => Operation.Equal,
            ("pcmp", "gt") => Operation.Greater,
            ("pshladd", "") => Operation.ShiftLeftAdd,
            ("pshradd", "") => Operation.ShiftRightAdd,
            _ => null,
        };
        var saturation = completer switch
        {
            "sss" => Saturation.Signed,
            "uuu" => Saturation.Unsigned,
            "uus" => Saturation.UnsignedFromMixed,
            _ => Saturation.Modulo,
        };
        return op is null ? null : new OpInfo(size, (byte)op, (byte)saturation, 0);
    }

    private static void Execute(Vcpu v, in DecodedInst i)
    {
        var info = Semantics.Info[i.Op];
        int bits = info.Size * 8;
        ulong mask = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
        ulong a = Registers.Read(v, i.R2), b = Registers.Read(v, i.R3), result = 0;
        int count = (Operation)info.Relation is Operation.ShiftLeftAdd or Operation.ShiftRightAdd ? (int)i.Immediate : 0;
        for (int shift = 0; shift < 64; shift += bits)
        {
            ulong x = (a >> shift) & mask, y = (b >> shift) & mask;
            ulong element = Element((Operation)info.Relation, (Saturation)info.Kind, x, y, bits, count) & mask;
            result |= element << shift;
        }

        Registers.Write(v, i.R1, result, v.Cpu.GetNat(i.R2) | v.Cpu.GetNat(i.R3));
    }

    private static ulong Element(Operation op, Saturation saturation, ulong x, ulong y, int bits, int count)
    {
        long sx = SignExtend(x, bits), sy = SignExtend(y, bits);
        return op switch
        {
            Operation.Add => Saturate(saturation, saturation == Saturation.Signed ? sx + sy : saturation == Saturation.UnsignedFromMixed ? (long)x + sy : (long)x + (long)y, bits),
            Operation.Subtract => Saturate(saturation, saturation == Saturation.Signed ? sx - sy : saturation == Saturation.UnsignedFromMixed ? (long)x - sy : (long)x - (long)y, bits),
            // Sum shifted right with the carry on top; the normal form ORs the dropped bit into bit 0.
            Operation.Average => ((x + y) >> 1) | ((x + y) & 1),
            Operation.AverageRoundAway => (x + y + 1) >> 1,
            Operation.AverageSubtract => (ulong)(((long)x - (long)y) >> 1) | (((x - y) & 1)),
            Operation.Equal => x == y ? ulong.MaxValue : 0,
            Operation.Greater => sx > sy ? ulong.MaxValue : 0,
            Operation.ShiftLeftAdd => (ulong)SaturateSigned(SaturateSigned(sx << count, bits) + sy, bits),
            _ => (ulong)SaturateSigned((sx >> count) + sy, bits),
        };
    }

    private static long SignExtend(ulong value, int bits) => (long)(value << (64 - bits)) >> (64 - bits);

    private static ulong Saturate(Saturation saturation, long value, int bits) => saturation switch
    {
        Saturation.Signed => (ulong)SaturateSigned(value, bits),
        Saturation.Unsigned or Saturation.UnsignedFromMixed => (ulong)Math.Clamp(value, 0, (long)((1UL << bits) - 1)),
        _ => (ulong)value,
    };

    private static long SaturateSigned(long value, int bits) => Math.Clamp(value, -(1L << (bits - 1)), (1L << (bits - 1)) - 1);
}
