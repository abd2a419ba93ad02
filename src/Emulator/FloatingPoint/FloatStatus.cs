namespace Ivm.Emulator.FloatingPoint;

/// <summary>
/// One decoded status field (sf0-sf3) of ar.fpsr: the controls an arithmetic instruction obeys.
/// The fpsr holds the six trap-disable bits at 0-5, then four 13-bit fields from bit 6, each
/// ftz, wre, pc (2), rc (2), td, then the flags v d z o u i.
/// </summary>
public readonly record struct FloatStatus(
    bool FlushToZero,
    bool WideRange,
    PrecisionControl Precision,
    RoundingMode Rounding,
    bool TrapsDisabled,
    FloatFlags Flags)
{
    /// <summary>Bit position of status field 0.</summary>
    public const int FirstFieldShift = 6;

    /// <summary>Width of one status field.</summary>
    public const int FieldWidth = 13;

    private const int FlagsShift = 7;

    /// <summary>
    /// The value of ar.fpsr at reset and as Linux starts a process: all traps disabled, sf0 in
    /// round-to-nearest double-extended with wre clear, sf1 with wre and td set, sf2 and sf3 as sf0
    /// with td.
    /// </summary>
    public const ulong LinuxDefaultFpsr = 0x0009804C0270033FUL;

    /// <summary>Decodes status field <paramref name="field"/> (0-3) of <paramref name="fpsr"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static FloatStatus Decode(ulong fpsr, int field)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)field, 3u, nameof(field));
        var bits = (uint)(fpsr >> (FirstFieldShift + FieldWidth * field)) & 0x1FFF;
        return new FloatStatus(
            (bits & 1) != 0,
            (bits & 2) != 0,
            (PrecisionControl)((bits >> 2) & 3),
            (RoundingMode)((bits >> 4) & 3),
            (bits & 0x40) != 0,
            (FloatFlags)((bits >> FlagsShift) & 0x3F));
    }

    /// <summary>The trap-disable bits 0-5 of ar.fpsr, in flag order (vd dd zd od ud id).</summary>
    public static FloatFlags DisabledTraps(ulong fpsr) => (FloatFlags)(fpsr & 0x3F);

    /// <summary>
    /// <paramref name="fpsr"/> with <paramref name="flags"/> ORed into status field
    /// <paramref name="field"/>: flags are sticky, so an instruction only ever sets them.
    /// </summary>
    public static ulong AccumulateFlags(ulong fpsr, int field, FloatFlags flags)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)field, 3u, nameof(field));
        return fpsr | ((ulong)flags << (FirstFieldShift + FieldWidth * field + FlagsShift));
    }

    /// <summary>Encodes this field back into its 13 bits (unshifted).</summary>
    public uint Encode()
        => (FlushToZero ? 1u : 0) | (WideRange ? 2u : 0) | ((uint)Precision << 2) | ((uint)Rounding << 4)
           | (TrapsDisabled ? 0x40u : 0) | ((uint)Flags << FlagsShift);
}
