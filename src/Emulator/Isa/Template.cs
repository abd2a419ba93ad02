namespace Ivm.Emulator.Isa;

/// <summary>
/// One of the 16 bundle templates (the 5-bit template field without its stop bit). Holds the unit of
/// each slot and where the template itself places an instruction-group boundary inside the bundle.
/// </summary>
public readonly record struct Template(string Name, SlotUnit Slot0, SlotUnit Slot1, SlotUnit Slot2, int StopAfterSlot)
{
    /// <summary>True when the template is reserved (its slots decode to nothing).</summary>
    public bool IsReserved => Slot0 == SlotUnit.None;

    /// <summary>True for the MLX template, whose slots 1 and 2 form one L+X instruction.</summary>
    public bool IsLongImmediate => Slot1 == SlotUnit.L;

    public SlotUnit UnitOf(int slot) => slot switch { 0 => Slot0, 1 => Slot1, _ => Slot2 };

    /// <summary>The templates indexed by bits 1..4 of the bundle (Itanium SDM vol. 3, table 3-10).</summary>
    public static ReadOnlySpan<Template> All => s_all;

    private static readonly Template[] s_all =
    [
        new("MII", SlotUnit.M, SlotUnit.I, SlotUnit.I, -1),
        new("MII", SlotUnit.M, SlotUnit.I, SlotUnit.I, 1),  // MI;;I
        new("MLX", SlotUnit.M, SlotUnit.L, SlotUnit.X, -1),
        new("-3-", SlotUnit.None, SlotUnit.None, SlotUnit.None, -1),
        new("MMI", SlotUnit.M, SlotUnit.M, SlotUnit.I, -1),
        new("MMI", SlotUnit.M, SlotUnit.M, SlotUnit.I, 0),  // M;;MI
        new("MFI", SlotUnit.M, SlotUnit.F, SlotUnit.I, -1),
        new("MMF", SlotUnit.M, SlotUnit.M, SlotUnit.F, -1),
        new("MIB", SlotUnit.M, SlotUnit.I, SlotUnit.B, -1),
        new("MBB", SlotUnit.M, SlotUnit.B, SlotUnit.B, -1),
        new("-a-", SlotUnit.None, SlotUnit.None, SlotUnit.None, -1),
        new("BBB", SlotUnit.B, SlotUnit.B, SlotUnit.B, -1),
        new("MMB", SlotUnit.M, SlotUnit.M, SlotUnit.B, -1),
        new("-d-", SlotUnit.None, SlotUnit.None, SlotUnit.None, -1),
        new("MFB", SlotUnit.M, SlotUnit.F, SlotUnit.B, -1),
        new("-f-", SlotUnit.None, SlotUnit.None, SlotUnit.None, -1),
    ];
}
