using Ivm.Emulator.Isa;
using Ivm.Emulator.Memory;

namespace Ivm.Emulator.Execution;

/// <summary>
/// probe (SDM vol. 3 M38-M40): asks whether an address may be read or written at a privilege level.
/// A user program runs at level 3, the least privileged, so whatever level it names the answer is
/// the page's own permission. The .fault forms raise the data access fault a real access would
/// (a segmentation fault for a Linux program); the others write 1 or 0.
/// </summary>
internal static unsafe class Probes
{
    private const byte ReadAccess = 1, WriteAccess = 2;

    public static void Register(SemanticsBuilder b)
    {
        b.Bind(r => r.Mnemonic is "probe.r" or "probe.w", &Probe, Access);
        b.Bind(r => r.Mnemonic is "probe.r.fault" or "probe.w.fault" or "probe.rw.fault", &ProbeOrFault, Access);
    }

    private const byte ImmediateLevel = 0, RegisterLevel = 1;

    private static OpInfo Access(Encoding r) =>
        new(0, 0, (byte)((r.Mnemonic.Contains(".r", StringComparison.Ordinal) ? ReadAccess : 0) | (r.Mnemonic.Contains('w') ? WriteAccess : 0)),
            r.Operands.Length == 3 && r.Operands[2] == OperandKind.R2 ? RegisterLevel : ImmediateLevel);

    private static bool Allowed(Vcpu v, ulong address, byte access)
    {
        var permissions = v.Memory.PermissionsAt(address);
        return ((access & ReadAccess) == 0 || (permissions & PagePermissions.Read) != 0)
            && ((access & WriteAccess) == 0 || (permissions & PagePermissions.Write) != 0);
    }

    // A NaT address (or level) gives a NaT result rather than a fault in the non-faulting forms.
    private static void Probe(Vcpu v, in DecodedInst i)
    {
        var info = Semantics.Info[i.Op];
        if (v.Cpu.GetNat(i.R3) || (info.Form == RegisterLevel && v.Cpu.GetNat(i.R2)))
        {
            Registers.Write(v, i.R1, 0, nat: true);
            return;
        }

        ulong address = Registers.Read(v, i.R3);
        Registers.Write(v, i.R1, Allowed(v, address, info.Kind) ? 1UL : 0);
    }

    private static void ProbeOrFault(Vcpu v, in DecodedInst i)
    {
        ulong address = Registers.ReadNotNat(v, i.R3);
        byte access = Semantics.Info[i.Op].Kind;
        if (!Allowed(v, address, access))
        {
            throw new MemoryFaultException(address, (access & WriteAccess) != 0 ? MemoryAccess.Write : MemoryAccess.Read,
                v.Memory.IsMapped(address) ? MemoryFaultKind.Protection : MemoryFaultKind.Unmapped);
        }
    }
}
