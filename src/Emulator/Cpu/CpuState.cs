using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Ivm.Emulator.Cpu;

/// <summary>
/// The application-visible state of one IA-64 processor, explicit so that it can be snapshotted and
/// shipped (see <see cref="CpuStateSerializer"/>): instruction pointer and slot, general registers
/// with their NaT bits (r0-r31 here, r32-r127 through the <see cref="RegisterStack"/>), predicates,
/// branch and application registers, and the current frame marker.
/// </summary>
public sealed class CpuState
{
    public const int StaticRegisters = 32;

    // Application register numbers with meaning to the emulator core.
    public const int ArRsc = 16, ArBsp = 17, ArBspStore = 18, ArRnat = 19, ArFcr = 21, ArEflag = 24,
        ArCsd = 25, ArSsd = 26, ArCflg = 27, ArFsr = 28, ArFir = 29, ArFdr = 30, ArCcv = 32,
        ArUnat = 36, ArFpsr = 40, ArItc = 44, ArPfs = 64, ArLc = 65, ArEc = 66;

    // The general register file: r0-r31 at 0-31, the 96 stacked physical registers at 32-127, and
    // one scratch cell that logical registers outside the current frame point at (callers check
    // the frame first; the cell only keeps a stray access harmless).
    private const int FileSize = StaticRegisters + RegisterStack.PhysicalRegisters, OutsideFrame = FileSize;
    private readonly ulong[] _file = new ulong[FileSize + 1];
    private readonly bool[] _fileNats = new bool[FileSize + 1];

    // Logical register number to file index for the current frame, rotation included: rebuilt when
    // CFM changes (alloc, call, return, loop rotation), so an operand access is two array reads.
    private readonly byte[] _map = new byte[128];
    private int _mapped;
    private readonly FloatRegister[] _fr = new FloatRegister[128];

    public CpuState()
    {
        _fr[1] = FloatRegister.One;
        Stack = new RegisterStack(_file, _fileNats, StaticRegisters);
        for (int r = 0; r < 128; r++)
        {
            _map[r] = (byte)(r < StaticRegisters ? r : OutsideFrame);
        }
    }

    /// <summary>Address of the current bundle (16-byte aligned).</summary>
    public ulong Ip { get; set; }

    /// <summary>The slot within the bundle that executes next (0-2).</summary>
    public int Slot { get; set; }

    /// <summary>The current frame marker; setting it also refreshes the decoded copies below.</summary>
    public FrameMarker Cfm
    {
        get => _cfm;
        set
        {
            // The register map is rebuilt with unchecked vector stores sized for 96 registers.
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value.Size, RegisterStack.PhysicalRegisters, nameof(value));
            _cfm = value;
            FrameSize = value.Size;
            _rotatingGr = value.Rotating;
            // Reduced here so the accessors never wrap more than once, even for a CFM restored from a
            // guest-written ar.pfs with out-of-range rename bases.
            int renameGr = value.RenameGr, renameFr = value.RenameFr, renamePr = value.RenamePr;
            _renameGr = renameGr < _rotatingGr ? renameGr : _rotatingGr == 0 ? 0 : renameGr % _rotatingGr;
            _renameFr = renameFr < 96 ? renameFr : renameFr % 96;
            _renamePr = renamePr < 48 ? renamePr : renamePr % 48;
            RefreshRegisterMap();
        }
    }

    // CFM's fields decoded once per frame change rather than on every register access.
    private FrameMarker _cfm;
    private int _rotatingGr, _renameGr, _renameFr, _renamePr;

    /// <summary>sof of the current frame: stacked registers r32 .. r(31 + FrameSize) exist.</summary>
    public int FrameSize { get; private set; }

    /// <summary>Predicates p0-p63 as bits, rotation not applied (physical order); p0 is always 1.</summary>
    public ulong PhysicalPredicates { get; set; } = 1;

    public ulong[] Br { get; } = new ulong[8];

    /// <summary>PSR's user mask, bits 5:0 (be, up, ac, mfl, mfh; bit 0 reserved).</summary>
    public ulong UserMask { get; set; }

    /// <summary>The eight data access hint registers (mov dahr); hints only, but readable.</summary>
    public ushort[] Dahr { get; } = new ushort[8];

    public ulong[] Ar { get; } = new ulong[128];

    public RegisterStack Stack { get; }

    /// <summary>Reads general register r (0-127 of the current frame); r0 is 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong GetGr(int r) => _file[_map[r]];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool GetNat(int r) => _fileNats[_map[r]];

    /// <summary>Writes general register r; the caller has checked r != 0 and r &lt; 32 + sof.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetGr(int r, ulong value, bool nat = false)
    {
        int index = _map[r];
        _file[index] = value;
        _fileNats[index] = nat;
    }

    /// <summary>
    /// Points r32 .. r(31 + sof) at their physical registers: rotation within the rotating region,
    /// then the frame's place (bof) among the 96; the rest of the stacked names at the scratch cell.
    /// Runs on every frame change, so it touches only the entries of the old and new frames.
    /// </summary>
    internal void RefreshRegisterMap()
    {
        int size = FrameSize, bof = Stack.Bof;

        // Without rotation the frame is a contiguous run of the ring starting at bof, read from a
        // table that lists the ring twice (plus a vector's padding), so the run never wraps. Frames
        // are mostly small and change on every call and return: 16 entries at a time, past the
        // frame's end replaced by the outside-frame index, up to what the previous frame mapped —
        // no call into memmove or memset for a few bytes.
        int extent = Math.Max(size, _mapped);
        ref byte ring = ref MemoryMarshal.GetArrayDataReference(s_ring);
        ref byte map = ref MemoryMarshal.GetArrayDataReference(_map);
        var outside = Vector128.Create((byte)OutsideFrame);
        var limit = Vector128.Create((byte)size);
        for (int k = 0; k < extent; k += Vector128<byte>.Count)
        {
            var entries = Vector128.LoadUnsafe(ref ring, (nuint)(bof + k));
            var inFrame = Vector128.LessThan(s_lanes + Vector128.Create((byte)k), limit);
            Vector128.ConditionalSelect(inFrame, entries, outside).StoreUnsafe(ref map, (nuint)(StaticRegisters + k));
        }

        for (int k = 0; k < _rotatingGr; k++)
        {
            int index = k + _renameGr;
            _map[StaticRegisters + k] = s_ring[bof + (index >= _rotatingGr ? index - _rotatingGr : index)];
        }

        _mapped = size;
    }

    // File index of ring position i (0-191): 32 + i mod 96.
    private static readonly byte[] s_ring = Enumerable.Range(0, 2 * RegisterStack.PhysicalRegisters + 16)
        .Select(i => (byte)(StaticRegisters + i % RegisterStack.PhysicalRegisters)).ToArray();

    private static readonly Vector128<byte> s_lanes = Vector128.Create((byte)0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);

    /// <summary>Floating-point register f (f0 is +0.0, f1 is +1.0), rotation applied to f32-f127.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public FloatRegister GetFr(int f) => _fr[PhysicalFloat(f)];

    /// <summary>Writes f; the caller has checked f &gt; 1 (f0 and f1 are constants).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetFr(int f, FloatRegister value)
    {
        _fr[PhysicalFloat(f)] = value;

        // PSR.mfl / PSR.mfh: the processor notes which half of the FP file has been modified (the
        // kernel uses them to save only what a process touched).
        UserMask |= f < 32 ? UserMaskModifiedLow : UserMaskModifiedHigh;
    }

    private const ulong UserMaskModifiedLow = 0x10, UserMaskModifiedHigh = 0x20;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int PhysicalFloat(int f)
    {
        if (f < 32)
        {
            return f;
        }

        int physical = f + _renameFr;
        return physical >= 128 ? physical - 96 : physical;
    }

    /// <summary>Predicate p (0-63) of the current frame, rotation applied to p16-p63.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool GetPr(int p) => ((PhysicalPredicates >> PhysicalPredicate(p)) & 1) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetPr(int p, bool value)
    {
        if (p == 0)
        {
            return;
        }

        int bit = PhysicalPredicate(p);
        PhysicalPredicates = value ? PhysicalPredicates | (1UL << bit) : PhysicalPredicates & ~(1UL << bit);
    }

    /// <summary>mov r=pr: the 64 predicates as seen through the current rotation.</summary>
    public ulong GetPredicates()
    {
        ulong value = 0;
        for (int p = 0; p < 64; p++)
        {
            value |= (GetPr(p) ? 1UL : 0) << p;
        }

        return value;
    }

    /// <summary>Reads an application register; the register stack's own registers come from the RSE.</summary>
    public ulong GetAr(int ar) => ar switch
    {
        ArBsp => Stack.Bsp,
        ArBspStore => Stack.BspStore,
        ArRnat => Stack.Rnat,
        _ => Ar[ar],
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int PhysicalPredicate(int p)
    {
        if (p < 16)
        {
            return p;
        }

        int physical = p + _renamePr;
        return physical >= 64 ? physical - 48 : physical;
    }

    internal Span<ulong> StaticValues => _file.AsSpan(0, StaticRegisters);

    internal Span<bool> StaticNats => _fileNats.AsSpan(0, StaticRegisters);

    internal FloatRegister[] PhysicalFloats => _fr;

    /// <summary>Where general register r of the current frame lives in the register file (an ALAT tag).</summary>
    internal int GrIndex(int r) => _map[r];

    /// <summary>The physical floating-point register behind f, rotation applied (an ALAT tag).</summary>
    internal int FrIndex(int f) => PhysicalFloat(f);
}
