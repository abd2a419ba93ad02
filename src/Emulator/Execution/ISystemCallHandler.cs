namespace Ivm.Emulator.Execution;

/// <summary>
/// What a <c>break</c> with the Linux system-call immediate (0x100000) does: the operating-system
/// personality (user-mode Linux for now) reads the call number and arguments from the CPU state and
/// writes the results back.
/// </summary>
public interface ISystemCallHandler
{
    void Call(Vcpu vcpu);
}
