using Ivm.Emulator.Cpu;
using Xunit;

namespace Ivm.Emulator.Tests.Cpu;

/// <summary>
/// The register stack engine against an independent model: every frame's registers must survive any
/// depth of calls (spilled and filled through the backing store), and the backing store must hold
/// them where a slot-by-slot walk of the SDM's layout (every 64th slot a NaT collection) puts them.
/// </summary>
public sealed class RegisterStackTests
{
    private const ulong Base = 0x6000_0000_0000_0000;

    private sealed class MapStore : IBackingStore
    {
        public Dictionary<ulong, ulong> Words { get; } = [];

        public ulong Read64(ulong address) => Words.TryGetValue(address, out var v) ? v : 0;

        public void Write64(ulong address, ulong value)
        {
            Assert.True(address % 8 == 0, $"unaligned backing-store access at {address:x}");
            Words[address] = value;
        }
    }

    // The naive layout: walk slot by slot from the base, skipping collection slots.
    private static ulong NaiveAddress(ulong start, int registers)
    {
        ulong address = start;
        for (int i = 0; i < registers; i++)
        {
            address += 8;
            if (((address >> 3) & 63) == 63)
            {
                address += 8;
            }
        }

        return address;
    }

    [Fact]
    public void SkipAndCountAgreeWithASlotBySlotWalk()
    {
        var rng = new Random(5);
        for (int i = 0; i < 20_000; i++)
        {
            ulong start = Base + (ulong)rng.Next(0, 1 << 16) * 8;
            if (((start >> 3) & 63) == 63)
            {
                continue;
            }

            int n = rng.Next(0, 400);
            ulong end = NaiveAddress(start, n);
            Assert.Equal(end, BackingStoreAddress.Skip(start, n));
            Assert.Equal(start, BackingStoreAddress.Skip(end, -n));
            Assert.Equal(n, BackingStoreAddress.RegistersBetween(start, end));
        }
    }

    /// <summary>
    /// 2,000 nested calls whose frames hold distinct values (some with NaT set), then returns all the
    /// way: each caller sees exactly its own registers again, though most were spilled and filled.
    /// </summary>
    [Fact]
    public void DeepRecursionSpillsAndFillsEveryFrameIntact()
    {
        var cpu = new CpuState();
        var store = new MapStore();
        cpu.Stack.Reset(Base);
        const int depth = 2000, locals = 7, size = 10;
        var pfs = new Stack<FrameMarker>();

        ulong ValueOf(int frame, int r) => ((ulong)frame << 16) | (uint)r;
        bool NatOf(int frame, int r) => (frame + r) % 11 == 0;

        for (int frame = 0; frame < depth; frame++)
        {
            // alloc size,locals: the frame's locals get values; the outputs pass one argument.
            cpu.Cfm = FrameMarker.Create(size, locals, 0);
            cpu.Stack.Allocate(size, store);
            for (int r = 32; r < 32 + size; r++)
            {
                cpu.SetGr(r, ValueOf(frame, r), NatOf(frame, r));
            }

            Assert.Equal(NaiveAddress(Base, frame * locals), cpu.Stack.Bsp);
            Assert.True(cpu.Stack.Dirty + size <= RegisterStack.PhysicalRegisters);

            // br.call: pfs keeps the caller's frame; the callee starts with the outputs.
            pfs.Push(cpu.Cfm);
            cpu.Stack.Call(cpu.Cfm);
            cpu.Cfm = FrameMarker.Create(size - locals, 0, 0);
            Assert.Equal(ValueOf(frame, 32 + locals), cpu.GetGr(32));
        }

        Assert.True(store.Words.Count > depth * locals / 2, "deep recursion should have spilled most frames");
        for (int frame = depth - 1; frame >= 0; frame--)
        {
            var caller = pfs.Pop();
            cpu.Stack.Return(caller, store);
            cpu.Cfm = caller;
            for (int r = 32; r < 32 + locals; r++)
            {
                Assert.True(ValueOf(frame, r) == cpu.GetGr(r), $"frame {frame} r{r}: {cpu.GetGr(r):x}");
                Assert.True(NatOf(frame, r) == cpu.GetNat(r), $"frame {frame} r{r} NaT");
            }

            Assert.Equal(NaiveAddress(Base, frame * locals), cpu.Stack.Bsp);
        }

        Assert.Equal(0, cpu.Stack.Dirty);
    }

    /// <summary>flushrs writes every dirty register, with the NaT collection words, where the SDM places them.</summary>
    [Fact]
    public void FlushWritesRegistersAndNatCollections()
    {
        var cpu = new CpuState();
        var store = new MapStore();
        ulong start = Base + 60 * 8;   // three slots below a collection slot
        cpu.Stack.Reset(start);
        const int frames = 12, locals = 8;
        for (int frame = 0; frame < frames; frame++)
        {
            cpu.Cfm = FrameMarker.Create(locals, locals, 0);
            cpu.Stack.Allocate(locals, store);
            for (int r = 32; r < 32 + locals; r++)
            {
                cpu.SetGr(r, (ulong)(frame * 100 + r), nat: r == 33);
            }

            cpu.Stack.Call(cpu.Cfm);
            cpu.Cfm = FrameMarker.Create(0, 0, 0);
        }

        cpu.Stack.Flush(store);
        Assert.Equal(0, cpu.Stack.Dirty);
        Assert.Equal(cpu.Stack.Bsp, cpu.Stack.BspStore);

        var expectedNats = new Dictionary<ulong, ulong>();
        int index = 0;
        for (int frame = 0; frame < frames; frame++)
        {
            for (int r = 32; r < 32 + locals; r++, index++)
            {
                ulong address = NaiveAddress(start, index);
                Assert.Equal((ulong)(frame * 100 + r), store.Words[address]);
                ulong collection = address | (63UL << 3);
                expectedNats.TryAdd(collection, 0);
                if (r == 33)
                {
                    expectedNats[collection] |= 1UL << (int)((address >> 3) & 63);
                }
            }
        }

        // Collections below the flushed top were written; the last, incomplete one is still in RNAT.
        foreach (var (collection, bits) in expectedNats)
        {
            if (collection < cpu.Stack.BspStore)
            {
                Assert.Equal(bits, store.Words[collection]);
            }
            else
            {
                Assert.Equal(bits, cpu.Stack.Rnat);
            }
        }
    }

    [Fact]
    public void RotatingRegistersRenameWithinTheRotatingRegion()
    {
        var cpu = new CpuState();
        cpu.Stack.Reset(Base);
        cpu.Cfm = FrameMarker.Create(20, 20, 16);
        for (int r = 32; r < 52; r++)
        {
            cpu.SetGr(r, (ulong)r);
        }

        // rrb.gr = 3 (rotations decrement it modulo sor, so 13 rotations from 0 give 3): r32 names
        // the register that was r35, r44 wraps to r32+((12+3) mod 16)=r47, r48 and up do not rotate.
        cpu.Cfm = cpu.Cfm.WithRenaming(3, 0, 0);
        Assert.Equal(35UL, cpu.GetGr(32));
        Assert.Equal(47UL, cpu.GetGr(44));
        Assert.Equal(32UL, cpu.GetGr(45));
        Assert.Equal(48UL, cpu.GetGr(48));
        Assert.Equal(51UL, cpu.GetGr(51));
    }

    [Fact]
    public void SnapshotMidRecursionResumesExactly()
    {
        var cpu = new CpuState();
        var store = new MapStore();
        cpu.Stack.Reset(Base);
        var pfs = new Stack<FrameMarker>();
        for (int frame = 0; frame < 300; frame++)
        {
            cpu.Cfm = FrameMarker.Create(9, 8, 0);
            cpu.Stack.Allocate(9, store);
            cpu.SetGr(32, (ulong)frame * 3);
            cpu.SetGr(39, ~(ulong)frame);
            pfs.Push(cpu.Cfm);
            cpu.Stack.Call(cpu.Cfm);
            cpu.Cfm = FrameMarker.Create(1, 0, 0);
        }

        cpu.Ip = 0x4000_0000_0000_1230;
        cpu.Slot = 2;
        cpu.PhysicalPredicates = 0x8000_0000_0000_0041;
        cpu.Br[0] = 0x4000_0000_0000_0100;
        cpu.Ar[CpuState.ArPfs] = 0x1234;
        var buffer = new MemoryStream();
        CpuStateSerializer.Save(cpu, buffer);
        buffer.Position = 0;
        var copy = CpuStateSerializer.Restore(buffer);

        Assert.Equal(cpu.Ip, copy.Ip);
        Assert.Equal(cpu.Slot, copy.Slot);
        Assert.Equal(cpu.PhysicalPredicates, copy.PhysicalPredicates);
        Assert.Equal(cpu.Br, copy.Br);
        Assert.Equal(cpu.Ar, copy.Ar);
        Assert.Equal(cpu.Cfm, copy.Cfm);
        Assert.Equal(cpu.Stack.Bsp, copy.Stack.Bsp);
        for (int frame = 299; frame >= 0; frame--)
        {
            var caller = pfs.Pop();
            copy.Stack.Return(caller, store);
            copy.Cfm = caller;
            Assert.Equal((ulong)frame * 3, copy.GetGr(32));
            Assert.Equal(~(ulong)frame, copy.GetGr(39));
        }

        var truncated = new MemoryStream(buffer.ToArray()[..100]);
        Assert.Throws<InvalidDataException>(() => CpuStateSerializer.Restore(truncated));
        Assert.Throws<InvalidDataException>(() => CpuStateSerializer.Restore(new MemoryStream(new byte[4096])));
    }

    [Fact]
    public void PredicatesRotateAboveP16AndP0StaysTrue()
    {
        var cpu = new CpuState();
        cpu.SetPr(0, false);
        Assert.True(cpu.GetPr(0));
        cpu.SetPr(16, true);
        cpu.SetPr(63, true);
        cpu.SetPr(5, true);

        // rrb.pr = 47 (one rotation from 0 decrements it to 47 mod 48): p17 names what was p16.
        cpu.Cfm = cpu.Cfm.WithRenaming(0, 0, 47);
        Assert.True(cpu.GetPr(17));
        Assert.True(cpu.GetPr(16));   // what was p63
        Assert.True(cpu.GetPr(5));
        Assert.False(cpu.GetPr(18));
        Assert.Equal((1UL << 0) | (1UL << 5) | (1UL << 16) | (1UL << 17), cpu.GetPredicates());
    }
}
