namespace Ivm.Emulator.Cpu;

/// <summary>
/// The current frame marker (CFM) and, in the same 38-bit layout, the previous frame marker kept in
/// ar.pfs: size of frame (sof, bits 0-6), size of locals (sol, 7-13), size of rotating region in
/// groups of 8 (sor, 14-17), and the register rename bases rrb.gr (18-24), rrb.fr (25-31) and
/// rrb.pr (32-37).
/// </summary>
public readonly record struct FrameMarker(ulong Bits)
{
    public const ulong Mask = (1UL << 38) - 1;

    public int Size => (int)(Bits & 0x7f);

    public int Locals => (int)((Bits >> 7) & 0x7f);

    /// <summary>Registers in the rotating region (sor times 8).</summary>
    public int Rotating => (int)((Bits >> 14) & 0xf) * 8;

    public int RenameGr => (int)((Bits >> 18) & 0x7f);

    public int RenameFr => (int)((Bits >> 25) & 0x7f);

    public int RenamePr => (int)((Bits >> 32) & 0x3f);

    public static FrameMarker Create(int size, int locals, int rotating) =>
        new((uint)size | ((ulong)(uint)locals << 7) | ((ulong)(uint)(rotating / 8) << 14));

    /// <summary>The same frame with all rename bases cleared (alloc, br.call, clrrrb).</summary>
    public FrameMarker WithoutRenaming => new(Bits & ((1UL << 18) - 1));

    public FrameMarker WithRenaming(int gr, int fr, int pr) =>
        new((Bits & ((1UL << 18) - 1)) | ((ulong)gr << 18) | ((ulong)fr << 25) | ((ulong)pr << 32));
}
