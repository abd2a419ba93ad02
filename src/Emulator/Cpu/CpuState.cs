using System.Runtime.CompilerServices;

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

    private readonly ulong[] _gr = new ulong[StaticRegisters];
    private readonly bool[] _grNat = new bool[StaticRegisters];
    private readonly FloatRegister[] _fr = new FloatRegister[128];

    public CpuState()
    {
        _fr[1] = FloatRegister.One;
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
            _cfm = value;
            FrameSize = value.Size;
            _rotatingGr = value.Rotating;
            // Reduced here so the accessors never wrap more than once, even for a CFM restored from a
            // guest-written ar.pfs with out-of-range rename bases.
            _renameGr = _rotatingGr == 0 ? 0 : value.RenameGr % _rotatingGr;
            _renameFr = value.RenameFr % 96;
            _renamePr = value.RenamePr % 48;
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

    public ulong[] Ar { get; } = new ulong[128];

    public RegisterStack Stack { get; } = new();

    /// <summary>Reads general register r (0-127 of the current frame); r0 is 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong GetGr(int r) => r < StaticRegisters ? _gr[r] : Stack.Value(StackedPhysical(r));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool GetNat(int r) => r < StaticRegisters ? _grNat[r] : Stack.Nat(StackedPhysical(r));

    // Rotation, then the frame's place in the 96 physical registers; both wrap at most once, so a
    // subtraction replaces the modulo (this runs for nearly every operand).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int StackedPhysical(int r)
    {
        int index = r - StaticRegisters;
        if (index < _rotatingGr)
        {
            index += _renameGr;
            if (index >= _rotatingGr)
            {
                index -= _rotatingGr;
            }
        }

        index += Stack.Bof;
        return index >= RegisterStack.PhysicalRegisters ? index - RegisterStack.PhysicalRegisters : index;
    }

    /// <summary>Writes general register r; the caller has checked r != 0 and r &lt; 32 + sof.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetGr(int r, ulong value, bool nat = false)
    {
        if (r < StaticRegisters)
        {
            _gr[r] = value;
            _grNat[r] = nat;
            return;
        }

        int physical = StackedPhysical(r);
        Stack.Value(physical) = value;
        Stack.Nat(physical) = nat;
    }

    /// <summary>Floating-point register f (f0 is +0.0, f1 is +1.0), rotation applied to f32-f127.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public FloatRegister GetFr(int f) => _fr[PhysicalFloat(f)];

    /// <summary>Writes f; the caller has checked f &gt; 1 (f0 and f1 are constants).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetFr(int f, FloatRegister value) => _fr[PhysicalFloat(f)] = value;

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

    internal ulong[] StaticValues => _gr;

    internal bool[] StaticNats => _grNat;

    internal FloatRegister[] PhysicalFloats => _fr;
}
