using System.Runtime.CompilerServices;
using Ivm.Emulator.Cpu;
using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// Floating-point loads and stores (SDM vol. 3 M6-M10) in every memory format (8-byte integer,
/// spill, single, double, extended) with their post-increment forms. Speculative loads defer a
/// fault as NaTVal; advanced and check loads use the ALAT exactly as the integer loads do, tagged
/// with the physical FP register; every store removes the ALAT entries it overlaps.
/// </summary>
internal static unsafe class FloatMemory
{
    // Memory formats (OpInfo.Relation) and their alignment (OpInfo.Size).
    private const byte Integer8 = 0, Spill = 1, Single = 2, Double = 3, Extended = 4;

    // Load kinds (OpInfo.Kind).
    private const byte Plain = 0, Speculative = 1, Advanced = 2, SpeculativeAdvanced = 3, CheckClear = 4, CheckNoClear = 5;

    public static void Register(SemanticsBuilder b)
    {
        // Plain forms get a handler specialised for their format and base update, as the integer
        // ones do; speculative, advanced and check loads share the general handler.
        BindPlain<Integer8Format>(b, Integer8);
        BindPlain<SpillFormat>(b, Spill);
        BindPlain<SingleFormat>(b, Single);
        BindPlain<DoubleFormat>(b, Double);
        BindPlain<ExtendedFormat>(b, Extended);
        b.Bind(r => IsLoad(r) && AccessInfo(r).Kind != Plain, &Load, AccessInfo);
    }

    private static void BindPlain<TFormat>(SemanticsBuilder b, byte format)
        where TFormat : struct, IFloatMemoryFormat
    {
        bool Plain(Encoding r, bool load, byte form) =>
            (load ? IsLoad(r) : IsStore(r)) && AccessInfo(r) is { Kind: FloatMemory.Plain } info && info.Relation == format && info.Form == form;

        b.Bind(r => Plain(r, true, MemoryOperands.NoUpdate), &PlainLoad<TFormat, NoBaseUpdate>, AccessInfo);
        b.Bind(r => Plain(r, true, MemoryOperands.RegisterUpdate), &PlainLoad<TFormat, RegisterBaseUpdate>, AccessInfo);
        b.Bind(r => Plain(r, true, MemoryOperands.ImmediateUpdate), &PlainLoad<TFormat, ImmediateBaseUpdate>, AccessInfo);
        b.Bind(r => Plain(r, false, MemoryOperands.NoUpdate), &Store<TFormat, NoBaseUpdate>, AccessInfo);
        b.Bind(r => Plain(r, false, MemoryOperands.ImmediateUpdate), &Store<TFormat, ImmediateBaseUpdate>, AccessInfo);
    }

    private static readonly string[] s_loads = ["ldf8", "ldf.fill", "ldfs", "ldfd", "ldfe"];
    private static readonly string[] s_stores = ["stf8", "stf.spill", "stfs", "stfd", "stfe"];

    private static bool IsLoad(Encoding r) => r.Type == InstructionType.M && s_loads.Any(stem => IsFloatAccess(r, stem));

    private static bool IsStore(Encoding r) => r.Type == InstructionType.M && s_stores.Any(stem => IsFloatAccess(r, stem));

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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PlainLoad<TFormat, TUpdate>(Vcpu v, in DecodedInst i)
        where TFormat : struct, IFloatMemoryFormat
        where TUpdate : struct, IBaseUpdate
    {
        ulong address = Registers.ReadNotNat(v, i.R3);
        MemoryOperands.CheckAligned(address, TFormat.Bytes);
        FloatRegisterMoves.WriteFr(v, i.R1, TFormat.Load(v.Memory, address));
        TUpdate.Apply(v, i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TFormat, TUpdate>(Vcpu v, in DecodedInst i)
        where TFormat : struct, IFloatMemoryFormat
        where TUpdate : struct, IBaseUpdate
    {
        ulong address = Registers.ReadNotNat(v, i.R3);
        var value = v.Cpu.GetFr(i.R2);
        MemoryOperands.CheckAligned(address, TFormat.Bytes);
        if (!TFormat.StoresNaTVal && value.IsNaTVal)
        {
            throw new GuestFaultException(FaultKind.NatConsumption, $"store of f{i.R2}, which is NaTVal");
        }

        TFormat.Store(v.Memory, address, value);
        v.NoteStore(address, TFormat.Bytes);
        TUpdate.Apply(v, i);
    }

    // Speculative, advanced and check loads.
    private static void Load(Vcpu v, in DecodedInst i)
    {
        var info = Semantics.Info[i.Op];
        var cpu = v.Cpu;
        ulong address = Registers.Read(v, i.R3);
        byte kind = info.Kind;
        int tag = Alat.FloatTagBase + cpu.FrIndex(i.R1);
        if (kind is Speculative or SpeculativeAdvanced && (cpu.GetNat(i.R3) || !v.Memory.IsMapped(address) || address % info.Size != 0))
        {
            FloatRegisterMoves.WriteFr(v, i.R1, FloatRegister.NaTVal);
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
            FloatRegisterMoves.WriteFr(v, i.R1, Read(v, address, info.Relation));
            if (kind is Advanced or SpeculativeAdvanced or CheckNoClear)
            {
                v.Alat.Allocate(tag, address, info.Size);
            }
        }

        MemoryOperands.PostIncrement(v, i, info.Form);
    }

    private static FloatRegister Read(Vcpu v, ulong address, byte format) => format switch
    {
        Spill => SpillFormat.Load(v.Memory, address),
        Single => SingleFormat.Load(v.Memory, address),
        Double => DoubleFormat.Load(v.Memory, address),
        Extended => ExtendedFormat.Load(v.Memory, address),
        _ => Integer8Format.Load(v.Memory, address),
    };
}
