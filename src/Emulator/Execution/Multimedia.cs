using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// Multimedia permutes (SDM vol. 3 I2-I4, I29): mix, pack, unpack, mux1, mux2 and compute-zero-index.
/// Elements are numbered from the least significant end of the register; x is GR r2 and y is GR r3.
/// The result is NaT when a register source is NaT.
/// </summary>
internal static unsafe class Multimedia
{
    private enum Operation : byte { MixLeft, MixRight, UnpackHigh, UnpackLow, PackSigned, PackUnsigned }

    // mux1 permutations (SDM vol. 3 "Mux Permutations for 8-bit Elements"): nibble i holds the
    // source byte of result byte i.
    private const uint Reverse = 0x0123_4567, Mix = 0x7351_6240, Shuffle = 0x7362_5140, Alternate = 0x7531_6420;

    public static void Register(SemanticsBuilder b)
    {
        b.Bind(r => r.Type == InstructionType.I && Parse(r.Mnemonic) is not null, &Combine, r => Parse(r.Mnemonic)!.Value);
        b.Bind(r => r.Mnemonic == "mux1", &Mux1);
        b.Bind(r => r.Mnemonic == "mux2", &Mux2);
        b.Bind(r => r.Mnemonic.StartsWith("czx", StringComparison.Ordinal), &ComputeZeroIndex,
            r => new OpInfo((byte)(r.Mnemonic[3] - '0'), 0, (byte)(r.Mnemonic.EndsWith(".l", StringComparison.Ordinal) ? 1 : 0), 0));
    }

    // mix1.l, unpack2.h, pack4.sss, …: Size is the source element size in bytes.
    private static OpInfo? Parse(string mnemonic)
    {
        int dot = mnemonic.IndexOf('.');
        if (dot < 2 || mnemonic[dot - 1] is not ('1' or '2' or '4'))
        {
            return null;
        }

        Operation? op = (mnemonic[..(dot - 1)], mnemonic[(dot + 1)..]) switch
        {
            ("mix", "l") => Operation.MixLeft,
            ("mix", "r") => Operation.MixRight,
            ("unpack", "h") => Operation.UnpackHigh,
            ("unpack", "l") => Operation.UnpackLow,
            ("pack", "sss") => Operation.PackSigned,
            ("pack", "uss") => Operation.PackUnsigned,
            _ => null,
        };
        return op is null ? null : new OpInfo((byte)(mnemonic[dot - 1] - '0'), (byte)op, 0, 0);
    }

    private static void Combine(Vcpu v, in DecodedInst i)
    {
        var info = Semantics.Info[i.Op];
        ulong x = Registers.Read(v, i.R2), y = Registers.Read(v, i.R3);
        int bits = info.Size * 8;
        ulong result = (Operation)info.Relation switch
        {
            Operation.MixLeft => MixLeftOf(x, y, bits),
            Operation.MixRight => MixRightOf(x, y, bits),
            Operation.UnpackHigh => Unpack(x >> 32, y >> 32, bits),
            Operation.UnpackLow => Unpack(x, y, bits),
            Operation.PackSigned => Pack(x, y, bits, -(1L << (bits / 2 - 1)), (1L << (bits / 2 - 1)) - 1),
            _ => Pack(x, y, bits, 0, (1L << (bits / 2)) - 1),
        };
        Registers.Write(v, i.R1, result, v.Cpu.GetNat(i.R2) | v.Cpu.GetNat(i.R3));
    }

    // The even-numbered element positions of a register of bits-wide elements.
    private static ulong EvenElements(int bits) => bits switch
    {
        8 => 0x00ff_00ff_00ff_00ffUL,
        16 => 0x0000_ffff_0000_ffffUL,
        _ => 0x0000_0000_ffff_ffffUL,
    };

    // mix.l: the odd elements of each pair, y's in the even position and x's in the odd one.
    private static ulong MixLeftOf(ulong x, ulong y, int bits)
    {
        ulong even = EvenElements(bits);
        return ((y >> bits) & even) | (x & ~even);
    }

    // mix.r: the even elements of each pair, y's in the even position and x's in the odd one.
    private static ulong MixRightOf(ulong x, ulong y, int bits)
    {
        ulong even = EvenElements(bits);
        return (y & even) | ((x & even) << bits);
    }

    // unpack: the low halves' elements interleaved, y's element k at position 2k and x's at 2k+1
    // (.h passes the high halves down).
    private static ulong Unpack(ulong x, ulong y, int bits)
    {
        ulong mask = (1UL << bits) - 1, result = 0;
        for (int k = 0; 2 * k * bits < 64; k++)
        {
            result |= ((y >> (k * bits)) & mask) << (2 * k * bits);
            result |= ((x >> (k * bits)) & mask) << ((2 * k + 1) * bits);
        }

        return result;
    }

    // pack: x's signed elements then y's, each clamped to [min, max] and narrowed to half width;
    // x fills the low half of the result.
    private static ulong Pack(ulong x, ulong y, int bits, long min, long max)
    {
        int half = bits / 2, count = 64 / bits;
        ulong narrow = (1UL << half) - 1, result = 0;
        for (int k = 0; k < count; k++)
        {
            result |= ((ulong)Math.Clamp(SignExtend(x >> (k * bits), bits), min, max) & narrow) << (k * half);
            result |= ((ulong)Math.Clamp(SignExtend(y >> (k * bits), bits), min, max) & narrow) << ((k + count) * half);
        }

        return result;
    }

    private static long SignExtend(ulong value, int bits) => (long)(value << (64 - bits)) >> (64 - bits);

    private static void Mux1(Vcpu v, in DecodedInst i)
    {
        uint selection = (i.Immediate & 0xf) switch
        {
            0x0 => 0,
            0x8 => Mix,
            0x9 => Shuffle,
            0xa => Alternate,
            0xb => Reverse,
            _ => throw new GuestFaultException(FaultKind.IllegalOperation, "mux1 with a reserved mbtype"),
        };
        ulong x = Registers.Read(v, i.R2), result = 0;
        for (int k = 0; k < 8; k++)
        {
            int source = (int)(selection >> (4 * k)) & 7;
            result |= ((x >> (8 * source)) & 0xff) << (8 * k);
        }

        Registers.Write(v, i.R1, result, v.Cpu.GetNat(i.R2));
    }

    // mux2: result halfword k is source halfword mhtype{2k+1:2k}.
    private static void Mux2(Vcpu v, in DecodedInst i)
    {
        int selection = (int)i.Immediate;
        ulong x = Registers.Read(v, i.R2), result = 0;
        for (int k = 0; k < 4; k++)
        {
            int source = (selection >> (2 * k)) & 3;
            result |= ((x >> (16 * source)) & 0xffff) << (16 * k);
        }

        Registers.Write(v, i.R1, result, v.Cpu.GetNat(i.R2));
    }

    // czx: the index of the first zero element, scanning from the most significant element (.l,
    // index 0 is the top element) or the least significant one (.r); the element count if none.
    private static void ComputeZeroIndex(Vcpu v, in DecodedInst i)
    {
        var info = Semantics.Info[i.Op];
        int bits = info.Size * 8, count = 64 / bits;
        bool left = info.Kind == 1;
        ulong x = Registers.Read(v, i.R3), mask = (1UL << bits) - 1;
        int index = 0;
        for (; index < count; index++)
        {
            int element = left ? count - 1 - index : index;
            if (((x >> (element * bits)) & mask) == 0)
            {
                break;
            }
        }

        Registers.Write(v, i.R1, (ulong)index, v.Cpu.GetNat(i.R3));
    }
}
