namespace Ivm.Emulator.Isa;

public static partial class InstructionTable
{
    /// <summary>
    /// M-unit system and control instructions, major opcodes 0 and 1 (majors 2 and 3 are unused and
    /// decode as illegal): speculation checks, alloc, mov to/from AR/CR/PSR and the indirect register
    /// files, TLB and cache management, memory fences and serialisation, nop/break/hint.
    /// </summary>
    private static void DeclareSystem(TableBuilder t)
    {
        // Major 0. x3 selects the group; in group 0, x4 and x2 select the operation (M24..M48).
        t.Format("M0", "x3 35:33, x2 32:31, x4 30:27, y 26, z 11:10");

        // chk.a (M22, M23): advanced-load checks.
        t.M("chk.a.nc r1,target25c", "M0 op=0 x3=4");
        t.M("chk.a.clr r1,target25c", "M0 op=0 x3=5");
        t.M("chk.a.nc f1,target25c", "M0 op=0 x3=6");
        t.M("chk.a.clr f1,target25c", "M0 op=0 x3=7");

        // M24: invalidation, fences, serialisation.
        t.M("invala", "M0 op=0 x3=0 x4=0 x2=1");
        t.M("fwb", "M0 op=0 x3=0 x4=0 x2=2");
        t.M("mf", "M0 op=0 x3=0 x4=2 x2=2");
        t.M("mf.a", "M0 op=0 x3=0 x4=3 x2=2");
        t.M("srlz.d", "M0 op=0 x3=0 x4=0 x2=3");
        t.M("srlz.i", "M0 op=0 x3=0 x4=1 x2=3");
        t.M("sync.i", "M0 op=0 x3=0 x4=3 x2=3");

        // M25: register stack flushes (not predicable).
        t.M("flushrs", "M0 op=0 x3=0 x4=0xc x2=0 nopred");
        t.M("loadrs", "M0 op=0 x3=0 x4=0xa x2=0 nopred");

        // M26, M27: invalidate one ALAT entry.
        t.M("invala.e r1", "M0 op=0 x3=0 x4=2 x2=1");
        t.M("invala.e f1", "M0 op=0 x3=0 x4=3 x2=1");

        // M30: move an 8-bit immediate to an application register.
        t.M("mov.m ar3=imm8", "M0 op=0 x3=0 x4=8 x2=2");

        // M37, M48: break, nop, hint; y=1 z=1 is mov to a data access hint register.
        t.M("break.m immU21", "M0 op=0 x3=0 x4=0 x2=0");
        t.M("nop.m immU21", "M0 op=0 x3=0 x4=1 x2=0 y=0");
        t.M("hint.m immU19", "M0 op=0 x3=0 x4=1 x2=0 y=1 z=0");
        t.M("mov dahr3=immU16", "M0 op=0 x3=0 x4=1 x2=0 y=1 z=1");

        // M44: set/reset user or system mask (x2 is part of the immediate).
        t.M("sum immU24", "M0 op=0 x3=0 x4=4");
        t.M("rum immU24", "M0 op=0 x3=0 x4=5");
        t.M("ssm immU24", "M0 op=0 x3=0 x4=6");
        t.M("rsm immU24", "M0 op=0 x3=0 x4=7");

        // Major 1. x3 selects the group; in group 0, x6 selects the operation (M20..M46).
        t.Format("M1", "x3 35:33, x6 32:27");

        // M20, M21: speculation checks on the M unit.
        t.M("chk.s.m r2,target25b", "M1 op=1 x3=1");
        t.M("chk.s f2,target25b", "M1 op=1 x3=3");

        // M34: allocate a register stack frame.
        t.M("alloc r1=ar.pfs,FrameSize,FrameLocals,FrameRotating", "M1 op=1 x3=6 nopred");

        // M29, M31, M32, M33: application and control registers.
        t.M("mov.m ar3=r2", "M1 op=1 x3=0 x6=0x2a");
        t.M("mov.m r1=ar3", "M1 op=1 x3=0 x6=0x22");
        t.M("mov cr3=r2", "M1 op=1 x3=0 x6=0x2c");
        t.M("mov r1=cr3", "M1 op=1 x3=0 x6=0x24");

        // M35, M36: processor status register.
        t.M("mov psr.l=r2", "M1 op=1 x3=0 x6=0x2d");
        t.M("mov psr.um=r2", "M1 op=1 x3=0 x6=0x29");
        t.M("mov r1=psr", "M1 op=1 x3=0 x6=0x25");
        t.M("mov r1=psr.um", "M1 op=1 x3=0 x6=0x21");

        // M38, M39, M40: probe access rights.
        t.M("probe.r r1=r3,r2", "M1 op=1 x3=0 x6=0x38");
        t.M("probe.w r1=r3,r2", "M1 op=1 x3=0 x6=0x39");
        t.M("probe.r r1=r3,immU2", "M1 op=1 x3=0 x6=0x18");
        t.M("probe.w r1=r3,immU2", "M1 op=1 x3=0 x6=0x19");
        t.M("probe.rw.fault r3,immU2", "M1 op=1 x3=0 x6=0x31");
        t.M("probe.r.fault r3,immU2", "M1 op=1 x3=0 x6=0x32");
        t.M("probe.w.fault r3,immU2", "M1 op=1 x3=0 x6=0x33");

        // M41: insert translation cache entries.
        t.M("itc.d r2", "M1 op=1 x3=0 x6=0x2e");
        t.M("itc.i r2", "M1 op=1 x3=0 x6=0x2f");

        // M42, M43: indirect register files (x6 0x00..0x06 write, 0x10..0x17 and 0x20 read).
        string[] files = ["rr", "dbr", "ibr", "pkr", "pmc", "pmd", "msr"];
        for (int i = 0; i < files.Length; i++)
        {
            t.M($"mov {files[i]}[r3]=r2", $"M1 op=1 x3=0 x6={i}");
        }

        t.M("itr.d dtr[r3]=r2", "M1 op=1 x3=0 x6=0x0e");
        t.M("itr.i itr[r3]=r2", "M1 op=1 x3=0 x6=0x0f");
        for (int i = 0; i < files.Length; i++)
        {
            t.M($"mov r1={files[i]}[r3]", $"M1 op=1 x3=0 x6={0x10 + i}");
        }

        t.M("mov r1=cpuid[r3]", "M1 op=1 x3=0 x6=0x17");
        t.M("mov r1=dahr[r3]", "M1 op=1 x3=0 x6=0x20");

        // M45: purge translation cache/register entries.
        t.M("ptc.l r3,r2", "M1 op=1 x3=0 x6=0x09");
        t.M("ptc.g r3,r2", "M1 op=1 x3=0 x6=0x0a");
        t.M("ptc.ga r3,r2", "M1 op=1 x3=0 x6=0x0b");
        t.M("ptr.d r3,r2", "M1 op=1 x3=0 x6=0x0c");
        t.M("ptr.i r3,r2", "M1 op=1 x3=0 x6=0x0d");

        // M46: translation hashing, tags and access keys.
        t.M("thash r1=r3", "M1 op=1 x3=0 x6=0x1a");
        t.M("ttag r1=r3", "M1 op=1 x3=0 x6=0x1b");
        t.M("tpa r1=r3", "M1 op=1 x3=0 x6=0x1e");
        t.M("tak r1=r3", "M1 op=1 x3=0 x6=0x1f");

        // M28: flush cache (bit 36 selects fc.i), purge translation cache entry.
        t.M("fc r3", "M1 op=1 x3=0 x6=0x30 36=0");
        t.M("fc.i r3", "M1 op=1 x3=0 x6=0x30 36=1");
        t.M("ptc.e r3", "M1 op=1 x3=0 x6=0x34");
    }
}
