namespace Ivm.Emulator.Isa;

/// <summary>
/// The instruction type an encoding belongs to. A-type instructions execute on either an I or an M
/// slot; X-type instructions occupy the L+X slot pair of an MLX bundle.
/// </summary>
public enum InstructionType : byte
{
    A,
    I,
    M,
    B,
    F,
    X,
}

/// <summary>The execution unit a template assigns to a slot.</summary>
public enum SlotUnit : byte
{
    /// <summary>No unit: the slot belongs to a reserved template.</summary>
    None,
    M,
    I,
    F,
    B,
    /// <summary>The long-immediate half of an MLX bundle; it is never decoded on its own.</summary>
    L,
    X,
}
