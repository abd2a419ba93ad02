using Ivm.Emulator.Cpu;
using Ivm.Emulator.Execution;
using Ivm.Emulator.Memory;

namespace Ivm.Emulator.Linux;

/// <summary>
/// A static IA-64 Linux executable running in user mode: its address space, its processor and the
/// system-call personality that connects it to the host's standard streams.
/// </summary>
public sealed class LinuxProcess
{
    internal LinuxProcess(GuestMemory memory, CpuState cpu, ulong programBreak, LinuxStreams streams)
    {
        Memory = memory;
        Cpu = cpu;
        ProgramBreak = InitialBreak = programBreak;
        SystemCalls = new LinuxSystemCalls(this, streams);
        Vcpu = new Vcpu(cpu, memory, SystemCalls);
    }

    public GuestMemory Memory { get; }

    public CpuState Cpu { get; }

    public Vcpu Vcpu { get; }

    internal LinuxSystemCalls SystemCalls { get; }

    /// <summary>Where the heap starts (end of the loaded image) and where brk has moved it.</summary>
    public ulong InitialBreak { get; }

    public ulong ProgramBreak { get; internal set; }

    /// <summary>Set when the program has exited: its exit status (0-255).</summary>
    public int? ExitStatus { get; internal set; }

    /// <summary>Set when the program died of a fault.</summary>
    public GuestFault? Fault { get; private set; }

    /// <summary>
    /// Opt-in non-blocking mode for a scheduler that runs many processes on few threads: nanosleep and
    /// a read of an empty <see cref="IPollableInput"/> standard input park the process (see
    /// <see cref="Waiting"/>) and end <see cref="Run"/> instead of blocking the thread. Off by default,
    /// as <c>hpvm run</c> wants: one process, one thread, plain blocking calls.
    /// </summary>
    public bool ParksOnBlockingCalls { get; set; }

    /// <summary>What the parked process waits for; <see cref="ProcessWait.None"/> when it can run.</summary>
    public ProcessWait Waiting => SystemCalls.Waiting;

    /// <summary>For a <see cref="ProcessWait.Timer"/> wait: the <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>
    /// value at which the sleep ends.</summary>
    public long WakeTimestamp => SystemCalls.WakeTimestamp;

    /// <summary>
    /// Runs until exit, a fault, a park, or <paramref name="maxInstructions"/> slots. A parked process
    /// first completes its system call if the wait is over; if not, it returns at once without running.
    /// </summary>
    public void Run(long maxInstructions = long.MaxValue)
    {
        if (ExitStatus is not null || Fault is not null)
        {
            return;
        }

        if (SystemCalls.Waiting != ProcessWait.None && !SystemCalls.TryResume(Vcpu))
        {
            return;
        }

        Fault = Vcpu.Run(maxInstructions);
    }

    /// <summary>The shell's view: the exit status, or 128 + the signal of a fatal fault.</summary>
    public int? ShellStatus => ExitStatus ?? (Fault is null ? null : 128 + Fault.Signal);
}
