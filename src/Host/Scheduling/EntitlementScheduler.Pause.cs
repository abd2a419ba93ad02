using System.Diagnostics;
using Ivm.Emulator.Linux;

namespace Ivm.Host.Scheduling;

/// <summary>
/// Pausing: suspend and migration need a vCPU that no worker runs and none will pick, so its
/// process can be saved, while it stays exactly where it was — possibly parked in a sleep or a read,
/// which a snapshot now carries. Unpause puts it back where its process says it belongs.
/// </summary>
internal sealed partial class EntitlementScheduler
{
    /// <summary>
    /// Takes the vCPU off the workers. Completes with true once no worker runs it and none will until
    /// <see cref="Unpause"/> — at once unless it is mid-slice, else when that slice ends (within a
    /// slice). Completes with false when it is not paused after all: it ended (exited, faulted,
    /// stopped), or <see cref="Unpause"/> came first. Pausing a paused vCPU completes with true.
    /// </summary>
    public Task<bool> PauseAsync(ScheduledVcpu vcpu)
    {
        lock (_gate)
        {
            switch (vcpu.State)
            {
                case VcpuState.Ended:
                    return Task.FromResult(false);
                case VcpuState.Paused:
                    return Task.FromResult(true);
                case VcpuState.Running:
                    vcpu.PauseRequested = true;
                    vcpu.PauseWaiter ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    return vcpu.PauseWaiter.Task;
                case VcpuState.Ready:
                    _ready.Remove(vcpu, out _, out _);
                    break;
                case VcpuState.Sleeping:
                    _sleeping.Remove(vcpu, out _, out _);
                    break;
            }

            vcpu.State = VcpuState.Paused;
            return Task.FromResult(true);
        }
    }

    /// <summary>
    /// Returns a paused vCPU to the workers as it was: sleeping until its process's wake time,
    /// waiting for input (ready at once if input came meanwhile), or ready. The paused time costs it
    /// nothing: its cap window starts afresh, and its virtual runtime gets the credit any vCPU back
    /// from a wait gets. A pause still pending (the vCPU mid-slice) is called off. Does nothing to a
    /// vCPU that is neither paused nor being paused.
    /// </summary>
    public void Unpause(ScheduledVcpu vcpu)
    {
        TaskCompletionSource<bool>? calledOff = null;
        lock (_gate)
        {
            if (vcpu.PauseRequested)
            {
                vcpu.PauseRequested = false;
                calledOff = vcpu.PauseWaiter;
                vcpu.PauseWaiter = null;
            }
            else if (vcpu.State == VcpuState.Paused)
            {
                vcpu.CapWindowStart = Stopwatch.GetTimestamp();
                vcpu.CapWindowUsed = 0;
                var process = vcpu.Process;
                switch (process.Waiting)
                {
                    case ProcessWait.Timer:
                        Sleep(vcpu, process.WakeTimestamp);
                        break;
                    case ProcessWait.Input when !vcpu.InputReady():
                        vcpu.State = VcpuState.WaitingForInput;
                        break;
                    default:
                        Wake(vcpu);
                        break;
                }
            }
        }

        calledOff?.TrySetResult(false);
    }

    /// <summary>True while the vCPU is paused (not merely asked to pause).</summary>
    public bool IsPaused(ScheduledVcpu vcpu)
    {
        lock (_gate)
        {
            return vcpu.State == VcpuState.Paused;
        }
    }
}
