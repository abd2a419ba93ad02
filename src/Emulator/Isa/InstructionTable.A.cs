namespace Ivm.Emulator.Isa;

public static partial class InstructionTable
{
    /// <summary>A-unit (integer ALU, compare, multimedia ALU) instructions.</summary>
    private static void DeclareA(TableBuilder t)
    {
        t.Format("A1", "x2a 35:34, ve 33, x4 32:29, x2b 28:27");
        t.A("add r1=r2,r3", "A1 op=8 x2a=0 ve=0 x4=0 x2b=0");
        t.A("add r1=r2,r3,1", "A1 op=8 x2a=0 ve=0 x4=0 x2b=1");
    }
}
