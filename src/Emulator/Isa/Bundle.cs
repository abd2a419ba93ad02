using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Ivm.Emulator.Isa;

/// <summary>
/// A 128-bit instruction bundle: a stop bit, a 4-bit template and three 41-bit slots, stored
/// little-endian as every IA-64 bundle is regardless of the data endianness.
/// </summary>
public readonly struct Bundle
{
    public const int Size = 16;
    public const ulong SlotMask = (1UL << 41) - 1;

    public readonly ulong Low;
    public readonly ulong High;

    public Bundle(ulong low, ulong high)
    {
        Low = low;
        High = high;
    }

    public static Bundle Read(ReadOnlySpan<byte> bytes) =>
        new(BinaryPrimitives.ReadUInt64LittleEndian(bytes), BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]));

    /// <summary>The bundle's template index (bits 1..4).</summary>
    public int TemplateIndex => (int)(Low >> 1) & 0xf;

    /// <summary>The stop bit: an instruction-group boundary after slot 2.</summary>
    public bool StopAtEnd => (Low & 1) != 0;

    public ref readonly Template Template => ref Template.All[TemplateIndex];

    public ulong Slot0
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (Low >> 5) & SlotMask;
    }

    public ulong Slot1
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ((Low >> 46) | (High << 18)) & SlotMask;
    }

    public ulong Slot2
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => High >> 23;
    }

    public ulong Slot(int index) => index switch { 0 => Slot0, 1 => Slot1, _ => Slot2 };

    /// <summary>Whether an instruction-group boundary (a ";;" in assembly) follows the slot.</summary>
    public bool StopAfter(int slot) => Template.StopAfterSlot == slot || (slot == 2 && StopAtEnd);
}
