using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// Multimedia multiplies, minimum/maximum and sum of absolute differences (SDM vol. 3 I1, I2), and the
/// 32-bit integer multiplies mpy4 and mpyshl4. Elements are numbered from the least significant end;
/// the result is NaT when either source is NaT.
/// </summary>
internal static unsafe class ParallelMultiply
{
    private enum Operation : byte { MinUnsigned, MaxUnsigned, MinSigned, MaxSigned }

    public static void Register(SemanticsBuilder b)
    {
        b.Bind(r => r.Mnemonic is "pmpy2.r" or "pmpy2.l", &MultiplyWiden,
            r => new OpInfo(2, 0, 0, (byte)(r.Mnemonic[^1] == 'l' ? 1 : 0)));
        b.Bind(r => r.Mnemonic is "pmpyshr2" or "pmpyshr2.u", &MultiplyShiftRight,
            r => new OpInfo(2, 0, (byte)(r.Mnemonic.EndsWith(".u", StringComparison.Ordinal) ? 1 : 0), 0));
        b.Bind(r => r.Mnemonic is "pmin1.u" or "pmax1.u" or "pmin2" or "pmax2", &MinMax, r => MinMaxInfo(r.Mnemonic));
        b.Bind(r => r.Mnemonic == "psad1", &SumOfAbsoluteDifferences);
        b.Bind(r => r.Mnemonic == "mpy4", &Multiply4);
        b.Bind(r => r.Mnemonic == "mpyshl4", &MultiplyShiftLeft4);
    }

    private static OpInfo MinMaxInfo(string mnemonic)
    {
        bool max = mnemonic.StartsWith("pmax", StringComparison.Ordinal);
        var op = mnemonic[4] == '1'
            ? (max ? Operation.MaxUnsigned : Operation.MinUnsigned)
            : (max ? Operation.MaxSigned : Operation.MinSigned);
        return new OpInfo((byte)(mnemonic[4] - '0'), (byte)op, 0, 0);
    }

    private static bool Nat(Vcpu v, in DecodedInst i) => v.Cpu.GetNat(i.R2) | v.Cpu.GetNat(i.R3);

    private static long Signed16(ulong value) => (short)(ushort)value;

    // pmpy2: two full 32-bit signed products of halfword pairs; .r takes elements 0 and 2, .l 1 and 3.
    private static void MultiplyWiden(Vcpu v, in DecodedInst i)
    {
        int shift = Semantics.Info[i.Op].Form * 16;
        ulong x = Registers.Read(v, i.R2) >> shift, y = Registers.Read(v, i.R3) >> shift;
        ulong low = (uint)(Signed16(x) * Signed16(y));
        ulong high = (uint)(Signed16(x >> 32) * Signed16(y >> 32));
        Registers.Write(v, i.R1, low | (high << 32), Nat(v, i));
    }

    // pmpyshr2: bits count+15..count of each 32-bit halfword product (count 0, 7, 15 or 16).
    private static void MultiplyShiftRight(Vcpu v, in DecodedInst i)
    {
        bool unsigned = Semantics.Info[i.Op].Kind == 1;
        int count = (int)i.Immediate;
        ulong x = Registers.Read(v, i.R2), y = Registers.Read(v, i.R3), result = 0;
        for (int shift = 0; shift < 64; shift += 16)
        {
            long product = unsigned
                ? (long)(((x >> shift) & 0xffff) * ((y >> shift) & 0xffff))
                : Signed16(x >> shift) * Signed16(y >> shift);
            result |= ((ulong)(product >> count) & 0xffff) << shift;
        }

        Registers.Write(v, i.R1, result, Nat(v, i));
    }

    // pmin1.u/pmax1.u compare unsigned bytes, pmin2/pmax2 signed halfwords.
    private static void MinMax(Vcpu v, in DecodedInst i)
    {
        var info = Semantics.Info[i.Op];
        var op = (Operation)info.Relation;
        int bits = info.Size * 8;
        ulong mask = (1UL << bits) - 1;
        ulong x = Registers.Read(v, i.R2), y = Registers.Read(v, i.R3), result = 0;
        for (int shift = 0; shift < 64; shift += bits)
        {
            ulong a = (x >> shift) & mask, b = (y >> shift) & mask;
            bool less = op is Operation.MinUnsigned or Operation.MaxUnsigned ? a < b : Signed16(a) < Signed16(b);
            bool takeA = op is Operation.MinUnsigned or Operation.MinSigned ? less : !less;
            result |= (takeA ? a : b) << shift;
        }

        Registers.Write(v, i.R1, result, Nat(v, i));
    }

    // psad1: the sum of the eight unsigned byte differences' magnitudes, in bits 15..0.
    private static void SumOfAbsoluteDifferences(Vcpu v, in DecodedInst i)
    {
        ulong x = Registers.Read(v, i.R2), y = Registers.Read(v, i.R3), sum = 0;
        for (int shift = 0; shift < 64; shift += 8)
        {
            long a = (long)((x >> shift) & 0xff), b = (long)((y >> shift) & 0xff);
            sum += (ulong)Math.Abs(a - b);
        }

        Registers.Write(v, i.R1, sum, Nat(v, i));
    }

    // mpy4: the 64-bit product of the unsigned low words.
    private static void Multiply4(Vcpu v, in DecodedInst i) =>
        Registers.Write(v, i.R1, (ulong)(uint)Registers.Read(v, i.R2) * (uint)Registers.Read(v, i.R3), Nat(v, i));

    // mpyshl4: r2's high word times r3's low word, shifted into the high word (a cross term of a
    // 64-bit multiply built from mpy4 and two mpyshl4).
    private static void MultiplyShiftLeft4(Vcpu v, in DecodedInst i) =>
        Registers.Write(v, i.R1, ((Registers.Read(v, i.R2) >> 32) * (uint)Registers.Read(v, i.R3)) << 32, Nat(v, i));
}
