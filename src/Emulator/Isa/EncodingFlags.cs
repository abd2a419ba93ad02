namespace Ivm.Emulator.Isa;

/// <summary>Properties of an encoding beyond its bit pattern.</summary>
[Flags]
public enum EncodingFlags : byte
{
    None = 0,

    /// <summary>The instruction cannot be predicated; its qp field is not shown.</summary>
    NoPredicate = 1,

    /// <summary>Matches only when the f2 and f3 fields are equal (fmov, fneg, fabs ...).</summary>
    F2EqualsF3 = 2,

    /// <summary>Matches only when len6 equals 64 minus the count operand (shl, shr as dep.z/extr).</summary>
    LengthIsSixtyFourMinusCount = 4,

    /// <summary>A pseudo-op: an alternative spelling of another encoding.</summary>
    Pseudo = 8,
}
