using Ivm.Host.Consoles;
using Ivm.Host.Scheduling;

namespace Ivm.Host.Guests;

/// <summary>
/// Suspend and resume (HPVM's <c>hpvmsuspend</c>/<c>hpvmresume</c>): the guest's whole state goes to
/// DATA/suspended/NAME.ivmsave and its memory and entitlement are freed; a resume — by this agent
/// process or a later one — continues it exactly where it stopped. The file is the state: it is
/// written completely before the guest record says Suspended, and deleted only once the resumed guest
/// runs, so at every moment either the running guest or the file holds it.
/// </summary>
internal sealed partial class Hypervisor
{
    /// <summary>
    /// Pauses an On guest's vCPU, saves it (program, unread console input, console position) and frees
    /// its memory and entitlement: Suspended. A failure to save leaves it running, unchanged.
    /// </summary>
    public async Task<GuestView> SuspendAsync(string name)
    {
        Guest guest;
        ScheduledVcpu vcpu;
        ConsoleInput input;
        lock (_gate)
        {
            guest = Find(name);
            if (guest.Suspending)
            {
                throw new HostRefusal(RefusalKind.FailedPrecondition, $"guest '{name}' is already being suspended");
            }

            // Its memory is being copied to another host: a suspend would save a guest that is
            // about to run elsewhere (the migration likewise refuses a guest being suspended).
            if (guest.MigratingAway)
            {
                throw new HostRefusal(RefusalKind.FailedPrecondition, $"guest '{name}' is being migrated; suspend it after the migration ends");
            }

            if (guest.State != GuestRunState.On || guest.Vcpu is null || guest.Input is null)
            {
                throw new HostRefusal(RefusalKind.FailedPrecondition, $"guest '{name}' is {guest.State}; only a guest that is On can be suspended");
            }

            // From here stop and console input are refused until the outcome: either could slip
            // between what is saved and what the guest does next.
            guest.Suspending = true;
            (vcpu, input) = (guest.Vcpu, guest.Input);
        }

        try
        {
            if (!await _scheduler.PauseAsync(vcpu).ConfigureAwait(false))
            {
                throw new HostRefusal(RefusalKind.FailedPrecondition, $"guest '{name}' ended before it could be suspended: {Get(name).Reason}");
            }

            string path = _store.SavePath(name);
            byte[] pending = Drain(input);
            try
            {
                await Task.Run(() =>
                {
                    FlushToDisk(guest.Console.Path);
                    GuestSaveFile.Write(path, name, guest.Console.Length, pending, vcpu.Process);
                }).ConfigureAwait(false);
                lock (_gate)
                {
                    // Recorded after the file is whole: a crash before this line restarts the guest as
                    // any guest that was On (and the stray file is deleted at load).
                    _store.Save(new GuestRecord(guest.Config, WantsOn: false, Suspended: true));
                    var process = vcpu.Process;
                    guest.Instructions = process.Vcpu.Instructions;
                    guest.CpuTicks = vcpu.CpuTicks;
                    guest.MemoryUsedBytes = process.Memory.BackedBytes;
                    (guest.State, guest.Reason, guest.ExitStatus, guest.Fault) = (GuestRunState.Suspended, $"suspended to '{path}'", null, "");
                    (guest.Vcpu, guest.Input, guest.StopReason, guest.Suspending) = (null, null, null, false);
                    guest.Ended?.TrySetResult();
                    _log.WriteLine($"ivm-host: guest '{name}' is Suspended: saved to '{path}'");
                    Publish(guest);
                }
            }
            catch (Exception e)
            {
                GuestSaveFile.TryDelete(path);
                input.TryAdd(pending);   // nothing else could be queued meanwhile: input was refused
                _scheduler.Unpause(vcpu);
                _log.WriteLine($"ivm-host: guest '{name}' not suspended, it keeps running: {e.Message}");
                if (e is IOException or UnauthorizedAccessException or InvalidOperationException)
                {
                    throw new HostRefusal(RefusalKind.FailedPrecondition,
                        $"guest '{name}' could not be suspended and keeps running: saving it to '{path}' failed: {e.Message}");
                }

                throw;
            }

            // Its ended callback finds the guest no longer holds this vCPU and changes nothing.
            _scheduler.Stop(vcpu);
            return Get(name);
        }
        finally
        {
            lock (_gate)
            {
                guest.Suspending = false;
            }
        }
    }

    /// <summary>
    /// Continues a Suspended guest from its save file, admission checked as for a start. A refusal or an
    /// unreadable file leaves it Suspended with the file in place; the file is deleted once it runs.
    /// </summary>
    public async Task<GuestView> ResumeAsync(string name)
    {
        Guest guest;
        lock (_gate)
        {
            guest = Find(name);
            if (guest.Resuming)
            {
                throw new HostRefusal(RefusalKind.FailedPrecondition, $"guest '{name}' is already being resumed");
            }

            if (guest.State != GuestRunState.Suspended)
            {
                throw new HostRefusal(RefusalKind.FailedPrecondition, $"guest '{name}' is {guest.State}; only a Suspended guest can be resumed");
            }

            CheckAdmission(name, guest.Config.MemoryBytes, guest.Config.EntitlementPercent, "resume");
            guest.Resuming = true;   // its memory and entitlement are held from here
        }

        string path = _store.SavePath(name);
        try
        {
            var input = new ConsoleInput();
            GuestSaveFile.Contents saved;
            try
            {
                saved = await Task.Run(() => GuestSaveFile.Read(path, name, GuestStreams(input, guest.Console))).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                string why = e is FileNotFoundException ? "it does not exist" : e.Message;
                throw new HostRefusal(RefusalKind.FailedPrecondition,
                    $"guest '{name}' stays Suspended: its saved state '{path}' cannot be read: {why}");
            }

            if (saved.ConsoleLength != guest.Console.Length)
            {
                _log.WriteLine($"ivm-host: guest '{name}': its console log is {guest.Console.Length} bytes, {saved.ConsoleLength} when it was suspended; it goes on from the log's end");
            }

            input.TryAdd(saved.PendingInput);
            var process = saved.Process;
            process.ParksOnBlockingCalls = true;
            GuestView view;
            lock (_gate)
            {
                var config = guest.Config;
                var vcpu = new ScheduledVcpu(process, config.EntitlementPercent, config.EntitlementCapPercent,
                    () => !input.ReadWouldBlock, (v, how, error) => OnEnded(guest, v, how, error));

                // Recorded before it runs: if the disk refuses, it stays Suspended.
                _store.Save(new GuestRecord(config, WantsOn: true));
                guest.State = GuestRunState.On;
                (guest.Reason, guest.ExitStatus, guest.Fault, guest.StopReason, guest.Resuming) = ("", null, "", null, false);
                (guest.Input, guest.Vcpu, guest.Ended) = (input, vcpu, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                _scheduler.Add(vcpu);
                _log.WriteLine($"ivm-host: guest '{name}' is On: resumed from '{path}'");
                view = Publish(guest);
            }

            GuestSaveFile.TryDelete(path);
            return view;
        }
        finally
        {
            lock (_gate)
            {
                guest.Resuming = false;
            }
        }
    }

    // Under _gate. Stop of a Suspended guest: it is Off, and its saved state is gone with the stop.
    private GuestView StopSuspended(Guest guest)
    {
        string name = guest.Config.Name;
        if (guest.Suspending || guest.Resuming)
        {
            throw new HostRefusal(RefusalKind.FailedPrecondition,
                $"guest '{name}' is being {(guest.Suspending ? "suspended" : "resumed")}; stop it once that has finished");
        }

        string path = _store.SavePath(name);
        _store.Save(new GuestRecord(guest.Config, WantsOn: false));
        GuestSaveFile.TryDelete(path);
        (guest.State, guest.Reason) = (GuestRunState.Off, $"stopped while Suspended; its saved state '{path}' was discarded");
        _log.WriteLine($"ivm-host: guest '{name}' is Off: {guest.Reason}");
        return Publish(guest);
    }

    // Under _gate, from Start.
    private static void RefuseStartWhileSuspended(Guest guest)
    {
        if (guest.State == GuestRunState.Suspended)
        {
            throw new HostRefusal(RefusalKind.FailedPrecondition,
                $"guest '{guest.Config.Name}' is Suspended; resume it, or stop it (discarding its saved state) to start it afresh");
        }
    }

    // Under _gate, at load: a Suspended record needs its file; a stray file (a crash between writing
    // it and recording the suspend, or between recording a resume and deleting it) is the past.
    private void LoadSaveState(Guest guest, GuestRecord record)
    {
        string name = record.Config.Name;
        string path = _store.SavePath(name);
        if (File.Exists(path + ".tmp"))
        {
            GuestSaveFile.TryDelete(path + ".tmp");   // a suspend the agent died during
        }

        if (!record.Suspended)
        {
            if (File.Exists(path))
            {
                _log.WriteLine($"ivm-host: guest '{name}' is not Suspended; deleting its stray saved state '{path}'");
                GuestSaveFile.TryDelete(path);
            }

            return;
        }

        if (File.Exists(path))
        {
            (guest.State, guest.Reason) = (GuestRunState.Suspended, $"suspended to '{path}'");
            return;
        }

        _store.Save(new GuestRecord(record.Config, WantsOn: false));
        (guest.State, guest.Reason) = (GuestRunState.Off, $"was Suspended but its saved state '{path}' is missing; it starts afresh when started");
        _log.WriteLine($"ivm-host: guest '{name}' {guest.Reason}");
    }

    // Console input the paused guest has not read: it travels in the save file.
    private static byte[] Drain(ConsoleInput input)
    {
        var pending = new MemoryStream();
        Span<byte> buffer = stackalloc byte[4096];
        int n;
        while ((n = input.Read(buffer)) > 0)
        {
            pending.Write(buffer[..n]);
        }

        return pending.ToArray();
    }

    // The console log is written unbuffered (a kill -9 loses nothing) but not synced: the saved state
    // must not outlive, on a power cut, the console output it has already produced.
    private static void FlushToDisk(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        file.Flush(flushToDisk: true);
    }
}
