using System.Runtime.CompilerServices;
using Ivm.Emulator.Cpu;
using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution;

/// <summary>
/// alloc, flushrs, loadrs, cover, clrrrb (SDM vol. 3 M34, M25, B8): frames of the register stack
/// engine and the rename bases of rotation.
/// </summary>
internal static unsafe class RegisterStackInstructions
{
    public static void Register(SemanticsBuilder b)
    {
        b.Bind(r => r.Mnemonic == "alloc", &Allocate);
        b.Bind(r => r.Mnemonic == "flushrs", &Flush);
        b.Bind(r => r.Mnemonic == "loadrs", &Load);
        b.Bind(r => r.Mnemonic == "cover", &Cover);
        b.Bind(r => r.Mnemonic == "clrrrb", &ClearRenameBases);
        b.Bind(r => r.Mnemonic == "clrrrb.pr", &ClearPredicateRenameBase);
    }

    // alloc r1=ar.pfs,i,l,o,r: the frame becomes i+l+o registers (sol i+l, sor r); r1 gets ar.pfs.
    // The new frame's register r1 is written after the resize, as on hardware.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Allocate(Vcpu v, in DecodedInst i)
    {
        var cpu = v.Cpu;
        // M34's sof, sol and sor fields, read straight from the slot (the operand layouts'
        // general extraction is for the disassembler, and alloc runs on every call).
        ulong slot = i.Slot;
        int size = (int)(slot >> 13) & 0x7f;
        int locals = (int)(slot >> 20) & 0x7f;
        int rotating = ((int)(slot >> 27) & 0xf) * 8;
        if (size > RegisterStack.PhysicalRegisters || locals > size || rotating > size
            || (cpu.Cfm.RenameGr | cpu.Cfm.RenameFr | cpu.Cfm.RenamePr) != 0 && rotating != cpu.Cfm.Rotating)
        {
            throw new GuestFaultException(FaultKind.IllegalOperation, $"alloc with sof {size}, sol {locals}, sor {rotating}");
        }

        ulong pfs = cpu.Ar[CpuState.ArPfs];
        cpu.Stack.Allocate(size, v.Memory);
        cpu.Cfm = FrameMarker.Create(size, locals, rotating).WithRenaming(cpu.Cfm.RenameGr, cpu.Cfm.RenameFr, cpu.Cfm.RenamePr);
        Registers.Write(v, i.R1, pfs);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Flush(Vcpu v, in DecodedInst i) => v.Cpu.Stack.Flush(v.Memory);

    // loadrs takes its byte count from ar.rsc.loadrs (bits 29:16); it needs an empty current frame
    // and the RSE in enforced-lazy mode (ar.rsc.mode 0), else illegal operation.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Load(Vcpu v, in DecodedInst i)
    {
        var cpu = v.Cpu;
        ulong rsc = cpu.Ar[CpuState.ArRsc];
        if (cpu.Cfm.Size != 0 || (rsc & 3) != 0)
        {
            throw new GuestFaultException(FaultKind.IllegalOperation, $"loadrs with sof {cpu.Cfm.Size} and ar.rsc.mode {rsc & 3} (needs 0 and 0)");
        }

        int bytes = (int)(rsc >> 16) & 0x3fff;
        if (!cpu.Stack.TryLoad(bytes, v.Memory))
        {
            throw new GuestFaultException(FaultKind.IllegalOperation, $"loadrs of {bytes} bytes: more registers than the 96 physical ones");
        }

        cpu.RefreshRegisterMap();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ClearRenameBases(Vcpu v, in DecodedInst i) => v.Cpu.Cfm = v.Cpu.Cfm.WithRenaming(0, 0, 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ClearPredicateRenameBase(Vcpu v, in DecodedInst i) =>
        v.Cpu.Cfm = v.Cpu.Cfm.WithRenaming(v.Cpu.Cfm.RenameGr, v.Cpu.Cfm.RenameFr, 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Cover(Vcpu v, in DecodedInst i)
    {
        v.Cpu.Stack.Cover(v.Cpu.Cfm);
        v.Cpu.Cfm = new FrameMarker(0);
    }
}
