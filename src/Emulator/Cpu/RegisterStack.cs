namespace Ivm.Emulator.Cpu;

/// <summary>
/// The register stack engine: the 96 physical stacked general registers behind r32..r127, and the
/// backing store in guest memory that frames overflow into. Only mandatory traffic is modelled —
/// registers are spilled when a new frame would not fit beside the dirty ones and filled when a
/// return needs a caller's registers back — which is what an Itanium in enforced-lazy mode does and
/// what every program observes.
/// <para>
/// State: <see cref="Bof"/>, the physical register holding the current frame's r32; <see cref="Dirty"/>,
/// the number of registers of older frames still only in the register file; <see cref="Bsp"/>,
/// where the current frame's r32 would be stored; <see cref="BspStore"/>, where the next spill goes;
/// and <see cref="Rnat"/>, the NaT bits of spilled registers not yet written as a collection.
/// Invariant: Bsp = BspStore skipped forward by Dirty registers.
/// </para>
/// </summary>
public sealed class RegisterStack
{
    public const int PhysicalRegisters = 96;

    // The physical registers live in the CPU's register file from index _base on, so the interpreter
    // reaches static and stacked registers through one array.
    private readonly ulong[] _file;
    private readonly bool[] _fileNats;
    private readonly int _base;

    /// <summary>A stack over <paramref name="file"/>[<paramref name="first"/> ..] (96 entries).</summary>
    public RegisterStack(ulong[] file, bool[] nats, int first)
    {
        if (file.Length < first + PhysicalRegisters || nats.Length < first + PhysicalRegisters)
        {
            throw new ArgumentException("the register file is smaller than the physical stacked registers");
        }

        _file = file;
        _fileNats = nats;
        _base = first;
    }

    /// <summary>A stack with its own 96 registers.</summary>
    public RegisterStack()
        : this(new ulong[PhysicalRegisters], new bool[PhysicalRegisters], 0)
    {
    }

    public int Bof { get; private set; }

    public int Dirty { get; private set; }

    public ulong Bsp { get; private set; }

    public ulong BspStore { get; private set; }

    public ulong Rnat { get; set; }

    /// <summary>Starts an empty stack whose backing store begins at <paramref name="backingStore"/>.</summary>
    public void Reset(ulong backingStore)
    {
        Array.Clear(_file, _base, PhysicalRegisters);
        Array.Clear(_fileNats, _base, PhysicalRegisters);
        Bof = 0;
        Dirty = 0;
        Bsp = BspStore = backingStore;
        Rnat = 0;
    }

    public ref ulong Value(int physical) => ref _file[_base + physical];

    public ref bool Nat(int physical) => ref _fileNats[_base + physical];

    /// <summary>alloc: the current frame takes a new size; older registers spill if it would not fit.</summary>
    public void Allocate<TStore>(int size, TStore store)
        where TStore : IBackingStore
    {
        SpillToFit(size, store);
    }

    // Call, Return and Cover move bof: their callers set CFM next, which is also what re-points
    // CpuState's logical-to-physical register map.

    /// <summary>br.call: the caller's locals become dirty; the callee's frame is the caller's outputs.</summary>
    public void Call(FrameMarker caller)
    {
        int locals = caller.Locals;
        Bof = Wrap(Bof + locals);
        Dirty += locals;
        Bsp = BackingStoreAddress.Skip(Bsp, locals);
    }

    /// <summary>
    /// br.ret (and rfi-like restores): the caller's frame <paramref name="restored"/> comes back; any of
    /// its registers that were spilled are filled from the backing store.
    /// </summary>
    public void Return<TStore>(FrameMarker restored, TStore store)
        where TStore : IBackingStore
    {
        int locals = restored.Locals;
        Bof = Wrap(Bof - locals);
        Bsp = BackingStoreAddress.Skip(Bsp, -locals);
        Dirty -= locals;
        if (Dirty < 0)
        {
            FillMissing(-Dirty, store);
            Dirty = 0;
        }
    }

    /// <summary>cover: the current frame joins the dirty registers and a new empty frame starts above it.</summary>
    public void Cover(FrameMarker current)
    {
        int size = current.Size;
        Bof = Wrap(Bof + size);
        Dirty += size;
        Bsp = BackingStoreAddress.Skip(Bsp, size);
    }

    /// <summary>flushrs: every dirty register is written to the backing store.</summary>
    public void Flush<TStore>(TStore store)
        where TStore : IBackingStore
    {
        while (Dirty > 0)
        {
            SpillOldest(store);
        }
    }

    /// <summary>
    /// loadrs: afterwards the dirty registers are exactly those saved in the <paramref name="bytes"/>
    /// below BSP. Dirty registers older than that are dropped without being written (the kernel's
    /// exit path discards its own frames this way); registers in that range not yet in the physical
    /// stack are filled from the backing store, oldest last. False when the range holds more registers
    /// than the physical stack (the architecture leaves that undefined; we refuse it).
    /// </summary>
    public bool TryLoad<TStore>(int bytes, TStore store)
        where TStore : IBackingStore
    {
        ulong target = Bsp - (ulong)bytes;
        int wanted = BackingStoreAddress.RegistersBetween(target, Bsp);
        if (wanted > PhysicalRegisters)
        {
            return false;
        }

        if (wanted <= Dirty)
        {
            Dirty = wanted;
            BspStore = target;
            return true;
        }

        while (Dirty < wanted)
        {
            BspStore -= 8;
            if (BackingStoreAddress.IsCollection(BspStore))
            {
                Rnat = store.Read64(BspStore);
                BspStore -= 8;
            }

            int physical = Wrap(Bof - Dirty - 1);
            Value(physical) = store.Read64(BspStore);
            Nat(physical) = ((Rnat >> BackingStoreAddress.SlotOf(BspStore)) & 1) != 0;
            Dirty++;
        }

        return true;
    }

    /// <summary>A write to ar.bspstore (allowed only with no dirty registers): the stack restarts there.</summary>
    public bool TrySetBspStore(ulong address)
    {
        if (Dirty != 0)
        {
            return false;
        }

        BspStore = address & ~7UL;
        Bsp = BspStore;
        return true;
    }

    private void SpillToFit<TStore>(int frameSize, TStore store)
        where TStore : IBackingStore
    {
        while (Dirty + frameSize > PhysicalRegisters)
        {
            SpillOldest(store);
        }
    }

    private void SpillOldest<TStore>(TStore store)
        where TStore : IBackingStore
    {
        int physical = Wrap(Bof - Dirty);
        store.Write64(BspStore, Value(physical));
        int bit = BackingStoreAddress.SlotOf(BspStore);
        Rnat = Nat(physical) ? Rnat | (1UL << bit) : Rnat & ~(1UL << bit);
        BspStore += 8;
        FlushCollectionIfDue(store);
        Dirty--;
    }

    // When the next slot is a collection slot, the NaT bits of the 63 registers below it go there.
    private void FlushCollectionIfDue<TStore>(TStore store)
        where TStore : IBackingStore
    {
        if (BackingStoreAddress.IsCollection(BspStore))
        {
            store.Write64(BspStore, Rnat);
            BspStore += 8;
            Rnat = 0;
        }
    }

    // Fills the lowest `count` registers of the current frame, top one first, walking BspStore down.
    private void FillMissing<TStore>(int count, TStore store)
        where TStore : IBackingStore
    {
        for (int k = count - 1; k >= 0; k--)
        {
            BspStore -= 8;
            if (BackingStoreAddress.IsCollection(BspStore))
            {
                Rnat = store.Read64(BspStore);
                BspStore -= 8;
            }

            int physical = Wrap(Bof + k);
            Value(physical) = store.Read64(BspStore);
            Nat(physical) = ((Rnat >> BackingStoreAddress.SlotOf(BspStore)) & 1) != 0;
        }
    }

    // Every caller's index is within one lap of the ring (-96 .. 191).
    private static int Wrap(int index) =>
        index < 0 ? index + PhysicalRegisters : index >= PhysicalRegisters ? index - PhysicalRegisters : index;

    internal void CopyTo(ulong[] values, bool[] nats)
    {
        Array.Copy(_file, _base, values, 0, PhysicalRegisters);
        Array.Copy(_fileNats, _base, nats, 0, PhysicalRegisters);
    }

    internal void Restore(ulong[] values, bool[] nats, int bof, int dirty, ulong bsp, ulong bspStore, ulong rnat)
    {
        Array.Copy(values, 0, _file, _base, PhysicalRegisters);
        Array.Copy(nats, 0, _fileNats, _base, PhysicalRegisters);
        Bof = bof;
        Dirty = dirty;
        Bsp = bsp;
        BspStore = bspStore;
        Rnat = rnat;
    }
}
