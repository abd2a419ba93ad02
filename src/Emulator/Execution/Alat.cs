namespace Ivm.Emulator.Execution;

/// <summary>
/// The advanced load address table (SDM vol. 1 §4.4.5, vol. 2 §5.2): what makes data speculation
/// checkable. An advanced load (ld.a, ld.sa, ldf.a …) records its target register, address and size;
/// a store that overlaps the recorded bytes removes the entry; a check (ld.c, chk.a) looks the target
/// register up and, on a miss, reloads or branches to recovery code. Like Itanium 2's, it holds 32
/// entries, fully associative, the oldest replaced first. Entries are tagged with the physical
/// register, so a renamed or re-framed register name never matches a stale entry.
/// The architecture lets an implementation drop entries at any time, so a snapshot need not carry
/// the table: a restored processor starts empty and the program's recovery code reloads.
/// </summary>
internal sealed class Alat
{
    public const int Entries = 32;

    /// <summary>Tags of floating-point registers start here (general registers use their file index).</summary>
    public const int FloatTagBase = 256;

    private readonly int[] _tag = new int[Entries];
    private readonly ulong[] _address = new ulong[Entries];
    private readonly int[] _size = new int[Entries];
    private int _count;
    private int _next;

    public bool IsEmpty => _count == 0;

    /// <summary>An advanced load into the register tagged <paramref name="tag"/>: any entry it had is replaced.</summary>
    public void Allocate(int tag, ulong address, int size)
    {
        Remove(tag);
        int slot;
        if (_count < Entries)
        {
            slot = _count++;
        }
        else
        {
            slot = _next;
            _next = (_next + 1) % Entries;
        }

        _tag[slot] = tag;
        _address[slot] = address;
        _size[slot] = size;
    }

    /// <summary>Whether the register still has its entry (no overlapping store since its advanced load).</summary>
    public bool Contains(int tag) => Find(tag) >= 0;

    /// <summary>Removes the register's entry (ld.c.clr, chk.a.clr on a hit, invala.e, a new ld.a).</summary>
    public void Remove(int tag)
    {
        int slot = Find(tag);
        if (slot >= 0)
        {
            RemoveAt(slot);
        }
    }

    /// <summary>A store to [address, address + size): every entry whose bytes overlap is removed.</summary>
    public void Store(ulong address, int size)
    {
        for (int slot = _count - 1; slot >= 0; slot--)
        {
            if (address < _address[slot] + (ulong)_size[slot] && _address[slot] < address + (ulong)size)
            {
                RemoveAt(slot);
            }
        }
    }

    /// <summary>invala: every entry goes.</summary>
    public void Clear()
    {
        _count = 0;
        _next = 0;
    }

    private int Find(int tag)
    {
        for (int slot = 0; slot < _count; slot++)
        {
            if (_tag[slot] == tag)
            {
                return slot;
            }
        }

        return -1;
    }

    // Keeps the live entries packed at the front; replacement order is approximate after a removal,
    // which the architecture leaves to the implementation.
    private void RemoveAt(int slot)
    {
        _count--;
        _tag[slot] = _tag[_count];
        _address[slot] = _address[_count];
        _size[slot] = _size[_count];
        if (_next >= _count)
        {
            _next = 0;
        }
    }
}
