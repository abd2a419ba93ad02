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
    }

    public CpuState Cpu { get; }

    public GuestMemory Memory { get; }

    public ISystemCallHandler SystemCalls { get; }

    /// <summary>Slots executed so far.</summary>
    public long Instructions { get; private set; }

    /// <summary>When set, called before each instruction with its bundle address, slot and decoded form.</summary>
    public Action<ulong, int, DecodedInst>? Trace { get; set; }

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
        var handlers = Semantics.Handlers;
        var runsWhenFalse = Semantics.RunsWhenPredicateFalse;
        var cpu = Cpu;
        long limit = maxInstructions == long.MaxValue ? long.MaxValue : Instructions + maxInstructions;
        try
        {
            CodeCache.DecodedPage? page = null;
            while (!_stop && Instructions < limit)
            {
                // Cpu.Ip and Cpu.Slot always name the next instruction, so a stop, a fault or a
                // snapshot between any two instructions resumes exactly there.
                ulong ip = cpu.Ip;
                if (page is null || (ip & ~(ulong)(GuestMemory.PageSize - 1)) != page.Address || cpu.Slot == 0)
                {
                    page = _code.Get(ip);
                }

                int bundle = (int)((ip >> 4) & (CodeCache.BundlesPerPage - 1));
                ref readonly var template = ref Template.All[page.Templates[bundle]];
                if (template.IsReserved)
                {
                    throw new GuestFaultException(FaultKind.IllegalOperation, $"reserved template 0x{page.Templates[bundle]:x}");
                }

                int slot = cpu.Slot;
                ref readonly var inst = ref page.Slots[bundle * 3 + slot];
                Instructions++;
                Trace?.Invoke(ip, slot, inst);
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
                    continue;
                }

                slot += template.IsLongImmediate && slot == 1 ? 2 : 1;
                if (slot >= 3)
                {
                    cpu.Ip = ip + Bundle.Size;
                    cpu.Slot = 0;
                }
                else
                {
                    cpu.Slot = slot;
                }
            }
        }
        catch (GuestFaultException e)
        {
            return new GuestFault(e.Kind, e.Signal, cpu.Ip, cpu.Slot, e.Message);
        }
        catch (MemoryFaultException e)
        {
            return new GuestFault(FaultKind.Segmentation, FaultKindExtensions.SigSegv, cpu.Ip, cpu.Slot,
                $"{e.Access.ToString().ToLowerInvariant()} at 0x{e.Address:x} ({e.Kind})");
        }

        return null;
    }
}
