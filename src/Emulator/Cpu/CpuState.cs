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

    public FrameMarker Cfm { get; set; }

    /// <summary>Predicates p0-p63 as bits, rotation not applied (physical order); p0 is always 1.</summary>
    public ulong PhysicalPredicates { get; set; } = 1;

    public ulong[] Br { get; } = new ulong[8];

    public ulong[] Ar { get; } = new ulong[128];

    public RegisterStack Stack { get; } = new();

    /// <summary>Reads general register r (0-127 of the current frame); r0 is 0.</summary>
    public ulong GetGr(int r) => r < StaticRegisters ? _gr[r] : Stack.Value(Stack.Physical(r, Cfm));

    public bool GetNat(int r) => r < StaticRegisters ? _grNat[r] : Stack.Nat(Stack.Physical(r, Cfm));

    /// <summary>Writes general register r; the caller has checked r != 0 and r &lt; 32 + sof.</summary>
    public void SetGr(int r, ulong value, bool nat = false)
    {
        if (r < StaticRegisters)
        {
            _gr[r] = value;
            _grNat[r] = nat;
            return;
        }

        int physical = Stack.Physical(r, Cfm);
        Stack.Value(physical) = value;
        Stack.Nat(physical) = nat;
    }

    /// <summary>Floating-point register f (f0 is +0.0, f1 is +1.0), rotation applied to f32-f127.</summary>
    public FloatRegister GetFr(int f) => _fr[PhysicalFloat(f)];

    /// <summary>Writes f; the caller has checked f &gt; 1 (f0 and f1 are constants).</summary>
    public void SetFr(int f, FloatRegister value) => _fr[PhysicalFloat(f)] = value;

    private int PhysicalFloat(int f) => f < 32 ? f : 32 + ((f - 32 + Cfm.RenameFr) % 96);

    /// <summary>Predicate p (0-63) of the current frame, rotation applied to p16-p63.</summary>
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

    private int PhysicalPredicate(int p) => p < 16 ? p : 16 + ((p - 16 + Cfm.RenamePr) % 48);

    internal ulong[] StaticValues => _gr;

    internal bool[] StaticNats => _grNat;

    internal FloatRegister[] PhysicalFloats => _fr;
}
