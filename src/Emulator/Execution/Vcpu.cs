using Ivm.Emulator.Cpu;
using Ivm.Emulator.Isa;
using Ivm.Emulator.Memory;

namespace Ivm.Emulator.Execution;

/// <summary>
/// One virtual IA-64 processor running user-mode code: the decode-once interpreter loop over
/// <see cref="CpuState"/> and <see cref="GuestMemory"/>. Slots execute in order (a correct program has
/// no dependencies inside an instruction group, so sequential execution is exact); a taken branch
/// ends the bundle. Instructions are counted as HP's Ski counts them: every slot executed, nops and
/// predicated-off slots included, an L+X pair once.
/// </summary>
public sealed unsafe class Vcpu
{
    private readonly CodeCache _code;
    private bool _stop;

    public Vcpu(CpuState cpu, GuestMemory memory, ISystemCallHandler systemCalls)
    {
        Cpu = cpu;
        Memory = memory;
        SystemCalls = systemCalls;
        _code = new CodeCache(memory);

        // Build the instruction table, the dispatch tables and the decoder's lookup trees now, while
        // the program is being loaded, rather than inside its first Run.
        _ = Semantics.MayTransferControl;
        InstructionDecoder.Prepare();
    }

    public CpuState Cpu { get; }

    public GuestMemory Memory { get; }

    public ISystemCallHandler SystemCalls { get; }

    /// <summary>Slots executed so far.</summary>
    public long Instructions => _instructions;

    // A field, not an auto-property: translated blocks update it directly.
    private long _instructions;

    /// <summary>
    /// Whether hot code runs as translated blocks (<see cref="Translation.BlockCompiler"/>) rather than
    /// bundle by bundle; both give identical results. On by default.
    /// </summary>
    public bool Translate { get; set; } = true;

    /// <summary>
    /// Entries into a bundle before the block starting there is translated (1-255; tests use 1 to
    /// run everything translated).
    /// </summary>
    public int TranslationThreshold
    {
        get => _threshold;
        set => _threshold = value is >= 1 and <= 255 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "between 1 and 255");
    }

    private int _threshold = 16;

    /// <summary>
    /// Whether blocks are compiled on the process's compiler thread while this vCPU goes on interpreting (on
    /// by default: the JIT's time for a block then overlaps the guest instead of stalling it), or on
    /// the vCPU's own thread before the block's next entry (tests: every hot block then runs
    /// translated from its threshold on).
    /// </summary>
    public bool TranslateInBackground { get; set; } = true;

    /// <summary>Translated blocks ready to run in the code cache (diagnostics and tests).</summary>
    internal int TranslatedBlockCount => _code.TranslatedBlockCount();

    /// <summary>When set, called before each instruction with its bundle address, slot and decoded form.</summary>
    public Action<ulong, int, DecodedInst>? Trace { get; set; }

    /// <summary>The advanced load address table of data speculation.</summary>
    internal Alat Alat { get; } = new();

    /// <summary>Every store calls this: the ALAT forgets advanced loads of the bytes it overwrites.</summary>
    internal void NoteStore(ulong address, int size)
    {
        if (!Alat.IsEmpty)
        {
            Alat.Store(address, size);
        }
    }

    /// <summary>Set by a handler that branches: the bundle address to continue at.</summary>
    internal ulong BranchTarget;

    internal bool Branched;

    /// <summary>Ends <see cref="Run"/> after the current instruction (exit, a signal, a pause request).</summary>
    public void RequestStop() => _stop = true;

    /// <summary>
    /// Runs until a handler requests a stop or <paramref name="maxInstructions"/> slots have executed.
    /// A fault ends the run with a <see cref="GuestFault"/> that names the instruction.
    /// </summary>
    public GuestFault? Run(long maxInstructions = long.MaxValue)
    {
        _stop = false;
        long limit = maxInstructions >= long.MaxValue - Instructions ? long.MaxValue : Instructions + maxInstructions;
        try
        {
            if (Trace is null)
            {
                // In slices, so the loop method is called often enough for the JIT's call counting
                // to recompile it fully optimized with profile data (a loop entered once only ever
                // runs its on-stack-replacement version).
                while (!_stop && Instructions < limit)
                {
                    RunBundles(Math.Min(limit, Instructions + SliceInstructions));
                }
            }
            else
            {
                RunTraced(limit);
            }
        }
        catch (GuestFaultException e)
        {
            UncountUnexecutedSlots();
            return new GuestFault(e.Kind, e.Signal, Cpu.Ip, Cpu.Slot, e.Message);
        }
        catch (MemoryFaultException e)
        {
            UncountUnexecutedSlots();
            return new GuestFault(FaultKind.Segmentation, FaultKindExtensions.SigSegv, Cpu.Ip, Cpu.Slot,
                $"{e.Access.ToString().ToLowerInvariant()} at 0x{e.Address:x} ({e.Kind})");
        }

        return null;
    }

    private const long SliceInstructions = 1 << 20;

    // While a bundle runs in RunBundles: the slot it was counted up to (0 otherwise).
    private int _bundleEnd;

    // RunBundles' instruction limit and current page, for translated loops that go round without
    // returning to it (blocks are shared between guests; the page view is this vCPU's).
    private long _limit;
    private CodeCache.DecodedPage _page = CodeCache.None;

    // A fault in the middle of a bundle: the slots after the faulting one did not execute.
    private void UncountUnexecutedSlots()
    {
        if (_bundleEnd > 0)
        {
            _instructions -= _bundleEnd - Cpu.Slot - 1;
            _bundleEnd = 0;
        }
    }

    // The hot loop: a bundle at a time from its page's decoded slots. Cpu.Ip stays on the bundle
    // while its slots run (IP-relative forms and fault reports read it) and Cpu.Slot names the
    // running slot, so a fault, a stop or a snapshot between any two instructions is exact.
    private void RunBundles(long limit)
    {
        var cpu = Cpu;
        var memory = Memory;
        var page = CodeCache.None;
        bool translate = Translate;
        _limit = limit;
        while (!_stop && Instructions < limit)
        {
            ulong ip = cpu.Ip;
            if ((ip & ~(ulong)(GuestMemory.PageSize - 1)) != page.Address || !page.IsCurrent(memory))
            {
                page = _page = _code.Get(ip);
            }

            int bundle = (int)((ip >> 4) & (CodeCache.BundlesPerPage - 1));
            if (translate && cpu.Slot == 0)
            {
                var block = page.Blocks[bundle];
                if (block is null)
                {
                    block = HotBlock(page, bundle);
                }

                // Near an instruction limit the bundle-by-bundle path keeps the count exact.
                if (block is not null && limit - Instructions >= block.MaxInstructions)
                {
                    block.Run(this);
                    continue;
                }
            }

            int slots = page.SlotCounts[bundle];
            if (slots == 0)
            {
                throw new GuestFaultException(FaultKind.IllegalOperation, $"reserved template 0x{page.Templates[bundle]:x}");
            }

            int end = slots;
            if (limit - Instructions < end - cpu.Slot)
            {
                end = cpu.Slot + (int)(limit - Instructions);
            }

            // The bundle's slots are counted up front and the count corrected if it ends early
            // (a taken branch, a stop, or a fault: Run's handler uses _bundleEnd).
            int first = bundle * 3;
            var decoded = page.Slots;
            var slotHandlers = page.Handlers;
            var guards = page.Guards;
            _instructions += end - cpu.Slot;
            _bundleEnd = end;
            for (int slot = cpu.Slot; slot < end; slot++)
            {
                var handler = slotHandlers[first + slot];
                int guard = guards[first + slot];
                if (handler != null && (guard == 0 || cpu.GetPr(guard)))
                {
                    cpu.Slot = slot;
                    handler(this, decoded[first + slot]);
                    if (Branched | _stop)
                    {
                        _instructions -= end - slot - 1;
                        end = slot + 1;
                        break;
                    }
                }
            }

            _bundleEnd = 0;
            if (Branched)
            {
                Branched = false;
                cpu.Ip = BranchTarget;
                cpu.Slot = 0;
            }
            else if (end >= slots)
            {
                cpu.Ip = ip + Bundle.Size;
                cpu.Slot = 0;
            }
            else
            {
                cpu.Slot = end;
            }
        }
    }

    // Heat is shared by every guest running the page, each with its own threshold: the first to
    // reach its threshold marks the bundle taken (the maximum) and asks for the block once. A guest
    // translating in the foreground does not wait for someone else's background compile: it
    // compiles at the bundle's next entry itself (at worst the block is compiled twice).
    private Translation.TranslatedBlock? HotBlock(CodeCache.DecodedPage page, int bundle)
    {
        int heat = page.Heat[bundle];
        if (heat == byte.MaxValue)
        {
            return TranslateInBackground ? null : page.Blocks[bundle] = Translation.BlockCompiler.Compile(page.Code!, bundle);
        }

        if (heat + 1 < _threshold)
        {
            page.Heat[bundle] = (byte)(heat + 1);
            return null;
        }

        page.Heat[bundle] = byte.MaxValue;
        if (TranslateInBackground)
        {
            Translation.BlockCompiler.CompileInBackground(page.Code!, bundle);
            return null;
        }

        return page.Blocks[bundle] = Translation.BlockCompiler.Compile(page.Code!, bundle);
    }

    // One instruction at a time with the trace hook called before each; same semantics as above.
    private void RunTraced(long limit)
    {
        var handlers = Semantics.Handlers;
        var runsWhenFalse = Semantics.RunsWhenPredicateFalse;
        var cpu = Cpu;
        while (!_stop && Instructions < limit)
        {
            ulong ip = cpu.Ip;
            var page = _code.Get(ip);
            int bundle = (int)((ip >> 4) & (CodeCache.BundlesPerPage - 1));
            int slots = page.SlotCounts[bundle];
            if (slots == 0)
            {
                throw new GuestFaultException(FaultKind.IllegalOperation, $"reserved template 0x{page.Templates[bundle]:x}");
            }

            int slot = cpu.Slot;
            ref readonly var inst = ref page.Slots[bundle * 3 + slot];
            _instructions++;
            Trace!(ip, slot, inst);
            int qp = inst.Qp;
            if (qp == 0 || cpu.GetPr(qp) || runsWhenFalse[inst.Op])
            {
                handlers[inst.Op](this, inst);
            }

            if (Branched)
            {
                Branched = false;
                cpu.Ip = BranchTarget;
                cpu.Slot = 0;
            }
            else if (slot + 1 >= slots)
            {
                cpu.Ip = ip + Bundle.Size;
                cpu.Slot = 0;
            }
            else
            {
                cpu.Slot = slot + 1;
            }
        }
    }
}
