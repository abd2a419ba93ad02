using System.Runtime.CompilerServices;

namespace Ivm.Emulator.Isa;

/// <summary>
/// An operation's principal immediate, flattened from its <see cref="OperandLayout"/> into shifts and
/// masks so the decoder forms it without walking the layout's field list (the decoder's hot path):
/// up to four bit-fields concatenated low field first, sign-extended, scaled and adjusted. Unused
/// fields have an empty mask. The rare arithmetic transforms fall back to the layout itself.
/// </summary>
internal readonly struct ImmediateExtractor
{
    private readonly uint _mask0, _mask1, _mask2, _mask3;
    private readonly byte _shift0, _shift1, _shift2, _shift3;
    private readonly byte _position1, _position2, _position3;
    private readonly byte _unused;          // 64 - total bits when sign-extending, else 0
    private readonly byte _scale;
    private readonly int _adjust;
    private readonly OperandLayout? _general; // set when a transform needs the layout's own code

    public ImmediateExtractor(OperandLayout layout)
    {
        Kind = layout.Kind;
        IsLongImmediate = layout.Kind is OperandKind.ImmU64 or OperandKind.ImmU62 or OperandKind.Target64;
        _scale = (byte)layout.Scale;
        _adjust = layout.Adjust;
        var fields = layout.Fields;
        if (layout.Transform != OperandTransform.None || fields.Length > 4)
        {
            _general = layout;
            return;
        }

        Span<uint> masks = stackalloc uint[4];
        Span<byte> shifts = stackalloc byte[4];
        Span<byte> positions = stackalloc byte[4];
        int position = 0;
        for (int i = 0; i < fields.Length; i++)
        {
            masks[i] = (uint)((1UL << fields[i].Bits) - 1);
            shifts[i] = (byte)fields[i].Shift;
            positions[i] = (byte)position;
            position += fields[i].Bits;
        }

        (_mask0, _mask1, _mask2, _mask3) = (masks[0], masks[1], masks[2], masks[3]);
        (_shift0, _shift1, _shift2, _shift3) = (shifts[0], shifts[1], shifts[2], shifts[3]);
        (_position1, _position2, _position3) = (positions[1], positions[2], positions[3]);
        _unused = (byte)(layout.SignExtend && position > 0 ? 64 - position : 0);
    }

    public OperandKind Kind { get; }

    /// <summary>An L+X immediate, formed by the decoder from both slots rather than from fields.</summary>
    public bool IsLongImmediate { get; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Extract(ulong slot)
    {
        if (_general is not null)
        {
            return _general.Extract(slot);
        }

        ulong value = ((slot >> _shift0) & _mask0)
            | (((slot >> _shift1) & _mask1) << _position1)
            | (((slot >> _shift2) & _mask2) << _position2)
            | (((slot >> _shift3) & _mask3) << _position3);
        long result = (long)(value << _unused) >> _unused;
        return (result << _scale) + _adjust;
    }
}
