namespace Ivm.Emulator.Execution.Translation;

/// <summary>
/// Straight-line IA-64 code compiled to one .NET method: runs from its first bundle until a branch is
/// taken, the processor stops, or its last bundle ends, leaving Ip, Slot and the instruction count
/// exactly as the interpreter would.
/// </summary>
internal sealed class TranslatedBlock(Action<Vcpu> run, System.Reflection.Emit.DynamicMethod method, int bundles, int maxInstructions)
{
    public readonly Action<Vcpu> Run = run;

    /// <summary>The compiled method behind <see cref="Run"/>.</summary>
    public System.Reflection.Emit.DynamicMethod Method { get; } = method;

    public int Bundles { get; } = bundles;

    /// <summary>The most instructions one run can execute (every slot of every bundle).</summary>
    public int MaxInstructions { get; } = maxInstructions;
}
