using System.Diagnostics;
using Ivm.Emulator.Cpu;
using Ivm.Emulator.Execution;

namespace Ivm.Emulator.Linux;

/// <summary>
/// Parking: in <see cref="LinuxProcess.ParksOnBlockingCalls"/> mode a call that would block its host
/// thread (nanosleep, read of an empty standard input) instead records what it waits for, stops the
/// vCPU right after the break and leaves r8/r10 alone; the next <see cref="LinuxProcess.Run"/>
/// completes it (the same result registers a blocking call would have set) once it can, so a
/// scheduler can run other guests on the thread meanwhile and the program cannot tell the difference.
/// </summary>
internal sealed partial class LinuxSystemCalls
{
    /// <summary>A handler's result meaning "parked: do not touch the result registers yet".</summary>
    private const long Parked = long.MinValue;

    private ulong _pendingBuffer, _pendingCount;

    public ProcessWait Waiting { get; private set; }

    /// <summary>The <see cref="Stopwatch.GetTimestamp"/> value a Timer wait ends at.</summary>
    public long WakeTimestamp { get; private set; }

    private long ParkUntil(Vcpu vcpu, ulong seconds, ulong nanoseconds)
    {
        // Saturate rather than overflow: a sleep of centuries is "forever" to a scheduler.
        long frequency = Stopwatch.Frequency;
        long now = Stopwatch.GetTimestamp();
        long ticks = seconds >= (ulong)((long.MaxValue - now) / frequency - 1)
            ? long.MaxValue - now
            : (long)seconds * frequency + (long)((UInt128)nanoseconds * (ulong)frequency / 1_000_000_000);
        WakeTimestamp = now + ticks;
        Waiting = ProcessWait.Timer;
        vcpu.RequestStop();
        return Parked;
    }

    private long ParkForInput(Vcpu vcpu, ulong buffer, ulong count)
    {
        (_pendingBuffer, _pendingCount) = (buffer, count);
        Waiting = ProcessWait.Input;
        vcpu.RequestStop();
        return Parked;
    }

    private bool InputWouldBlock => streams.Input is IPollableInput { ReadWouldBlock: true };

    /// <summary>
    /// Completes the parked call when its wait is over and returns true; false when it must still wait
    /// (the process stays parked and must not run).
    /// </summary>
    public bool TryResume(Vcpu vcpu)
    {
        switch (Waiting)
        {
            case ProcessWait.Timer:
                if (Stopwatch.GetTimestamp() < WakeTimestamp)
                {
                    return false;
                }

                Waiting = ProcessWait.None;
                SetResult(vcpu.Cpu, 0);   // no signals are delivered, so a sleep always completes with 0
                return true;
            case ProcessWait.Input:
                if (InputWouldBlock)
                {
                    return false;
                }

                Waiting = ProcessWait.None;
                SetResult(vcpu.Cpu, Read(vcpu, 0, _pendingBuffer, _pendingCount));
                return true;
            default:
                return true;
        }
    }

    private static void SetResult(CpuState cpu, long result)
    {
        if (result < 0 && result >= -4095)
        {
            cpu.SetGr(8, (ulong)-result);
            cpu.SetGr(10, ulong.MaxValue);
        }
        else
        {
            cpu.SetGr(8, (ulong)result);
            cpu.SetGr(10, 0);
        }
    }
}
