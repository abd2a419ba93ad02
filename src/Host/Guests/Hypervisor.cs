using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Ivm.Emulator.Elf;
using Ivm.Emulator.Execution;
using Ivm.Emulator.Linux;
using Ivm.Emulator.Memory;
using Ivm.Host.Consoles;
using Ivm.Host.Scheduling;

namespace Ivm.Host.Guests;

/// <summary>
/// The guests of this host: their lifecycle (create, start, stop, modify, remove), admission control
/// against the host's memory and entitlement capacity, persistence of every change, and the
/// <see cref="EntitlementScheduler"/> their vCPUs run on. Everything the API does goes through here.
/// </summary>
internal sealed partial class Hypervisor : IDisposable
{
    private static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Guest> _guests = new(StringComparer.Ordinal);
    private readonly GuestStore _store;
    private readonly EntitlementScheduler _scheduler;
    private readonly TextWriter _log;
    private readonly List<Channel<GuestChange>> _watchers = [];
    // Every change to a guest gets the next number, which is also its view's revision. Starting from
    // the start time in µs keeps the numbers growing across restarts of the agent, so the controller
    // can always tell a late event from the newer state a reply already gave it.
    private ulong _sequence = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
    private bool _disposed;

    /// <summary>Changes a watcher may fall behind by before it is cut off (it then reconnects).</summary>
    public const int WatcherBacklog = 4096;

    public Hypervisor(HostSettings settings, TextWriter log)
    {
        Settings = settings;
        _log = log;
        _store = new GuestStore(settings.DataDirectory);
        _scheduler = new EntitlementScheduler(settings.Cores);
    }

    public HostSettings Settings { get; }

    private int EntitlementCapacity => Settings.Cores * 100;

    /// <summary>Loads every saved guest, then starts those that are auto-start or were On.</summary>
    public void LoadAndStart()
    {
        var records = _store.LoadAll(_log).ToList();
        lock (_gate)
        {
            foreach (var record in records)
            {
                var guest = new Guest(record.Config, new ConsoleLog(_store.ConsolePath(record.Config.Name)));
                _guests[record.Config.Name] = guest;
                LoadSaveState(guest, record);
            }

            LoadDepartures(records);
        }

        // A Suspended guest waits for its resume, whatever its start attribute; a departing one for
        // its target's answer (ResolveDeparturesAsync).
        foreach (var record in records.Where(r => WantsStartAtLoad(r) && !_pendingDepartures.ContainsKey(r.Config.Name)))
        {
            try
            {
                Start(record.Config.Name);
            }
            catch (HostRefusal e)
            {
                _log.WriteLine($"ivm-host: guest '{record.Config.Name}' not started: {e.Message}");
            }
        }
    }

    private static bool WantsStartAtLoad(GuestRecord record) =>
        !record.Suspended && (record.WantsOn || record.Config.StartAttribute == StartAttribute.Auto);

    public GuestView Create(GuestConfiguration config)
    {
        config = WithDefaults(config);
        Validate(config);
        lock (_gate)
        {
            if (_guests.ContainsKey(config.Name))
            {
                throw new HostRefusal(RefusalKind.AlreadyExists, $"guest '{config.Name}' already exists on host '{Settings.Name}'");
            }

            // Nothing is left half-created: a record that cannot be written takes its new log with it.
            var guest = new Guest(config, new ConsoleLog(_store.ConsolePath(config.Name)));
            try
            {
                _store.Save(new GuestRecord(config, WantsOn: false));
            }
            catch
            {
                guest.Console.Dispose();
                _store.Delete(config.Name);
                throw;
            }

            _guests.Add(config.Name, guest);
            return Publish(guest);
        }
    }

    public GuestView Start(string name)
    {
        lock (_gate)
        {
            var guest = Find(name);
            if (guest.IsRunning)
            {
                throw new HostRefusal(RefusalKind.FailedPrecondition, $"guest '{name}' is already {guest.State}");
            }

            RefuseStartWhileSuspended(guest);
            RefuseStartWhileDeparting(name);
            var config = guest.Config;
            CheckAdmission(name, config.MemoryBytes, config.EntitlementPercent);
            var input = new ConsoleInput();
            var process = Load(config, input, guest.Console);
            process.ParksOnBlockingCalls = true;
            var vcpu = new ScheduledVcpu(process, config.EntitlementPercent, config.EntitlementCapPercent,
                () => !input.ReadWouldBlock, (v, how, error) => OnEnded(guest, v, how, error));

            // Recorded before it runs: if the disk refuses, nothing has changed.
            _store.Save(new GuestRecord(config, WantsOn: true));
            guest.State = GuestRunState.On;
            (guest.Reason, guest.ExitStatus, guest.Fault, guest.StopReason) = ("", null, "", null);
            (guest.Input, guest.Vcpu, guest.Ended) = (input, vcpu, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            _scheduler.Add(vcpu);
            return Publish(guest);
        }
    }

    /// <summary>
    /// Stops a running guest. Forced: its vCPU ends within a slice. Graceful: its console input ends
    /// (a program reading it sees end of file) and it has <paramref name="grace"/> to exit by itself
    /// before it is ended. Completes when the guest is Off.
    /// </summary>
    public async Task<GuestView> StopAsync(string name, bool force, TimeSpan? grace)
    {
        Guest guest;
        ScheduledVcpu vcpu;
        Task ended;
        lock (_gate)
        {
            guest = Find(name);
            if (guest.State == GuestRunState.Suspended || guest.Suspending)
            {
                return StopSuspended(guest);
            }

            if (!guest.IsRunning || guest.Vcpu is null || guest.Ended is null)
            {
                throw new HostRefusal(RefusalKind.FailedPrecondition, $"guest '{name}' is {guest.State}; only a guest that is On can be stopped");
            }

            (vcpu, ended) = (guest.Vcpu, guest.Ended.Task);
            guest.State = GuestRunState.Stopping;
            guest.StopReason ??= force ? "stopped (forced)" : "stopped";
            if (!force)
            {
                guest.Input?.End();
            }

            Publish(guest);
        }

        if (!force)
        {
            _scheduler.InputArrived(vcpu);
            await Task.WhenAny(ended, Task.Delay(grace ?? DefaultGrace)).ConfigureAwait(false);
        }

        _scheduler.Stop(vcpu);
        await ended.ConfigureAwait(false);
        return Get(name);
    }

    public void Remove(string name)
    {
        Guest guest;
        lock (_gate)
        {
            guest = Find(name);
            if (guest.IsRunning || guest.State == GuestRunState.Suspended)
            {
                throw new HostRefusal(RefusalKind.FailedPrecondition, guest.State == GuestRunState.Suspended
                    ? $"guest '{name}' is Suspended; stop it first (that discards its saved state), then remove it"
                    : $"guest '{name}' is {guest.State}; stop it before removing it");
            }

            _guests.Remove(name);
            guest.Console.Dispose();
            _store.Delete(name);
            Publish(guest, removed: true);
        }
    }

    public GuestView Modify(string name, GuestChanges changes)
    {
        lock (_gate)
        {
            var guest = Find(name);
            var old = guest.Config;
            var config = old with
            {
                Vcpus = changes.Vcpus ?? old.Vcpus,
                MemoryBytes = changes.MemoryBytes ?? old.MemoryBytes,
                EntitlementPercent = changes.EntitlementPercent ?? old.EntitlementPercent,
                EntitlementCapPercent = changes.EntitlementCapPercent is { } cap ? (cap == 0 ? null : cap) : old.EntitlementCapPercent,
                StartAttribute = changes.StartAttribute ?? old.StartAttribute,
                Label = changes.Label ?? old.Label,
                OsType = changes.OsType ?? old.OsType,
                ImagePath = changes.ImagePath ?? old.ImagePath,
            };
            Validate(config);
            bool suspended = guest.State == GuestRunState.Suspended;
            if (guest.IsRunning || suspended)
            {
                var needOff = new List<string>();
                if (config.Vcpus != old.Vcpus)
                {
                    needOff.Add($"vcpus ({old.Vcpus} -> {config.Vcpus})");
                }

                if (config.MemoryBytes != old.MemoryBytes)
                {
                    needOff.Add($"memory ({old.MemoryBytes} -> {config.MemoryBytes} bytes)");
                }

                if (config.ImagePath != old.ImagePath)
                {
                    needOff.Add($"image ('{old.ImagePath}' -> '{config.ImagePath}')");
                }

                if (needOff.Count > 0)
                {
                    throw new HostRefusal(RefusalKind.FailedPrecondition,
                        $"guest '{name}' is {guest.State}: {string.Join(", ", needOff)} can only be changed while it is Off");
                }

                if (config.EntitlementPercent > old.EntitlementPercent && !suspended)
                {
                    CheckAdmission(name, 0, config.EntitlementPercent - old.EntitlementPercent);
                }

                if (guest.Vcpu is { } running)
                {
                    _scheduler.SetShare(running, config.EntitlementPercent, config.EntitlementCapPercent);
                }
            }

            _store.Save(new GuestRecord(config, WantsOn: guest.IsRunning, Suspended: suspended));
            guest.Config = config;
            return Publish(guest);
        }
    }

    public GuestView Get(string name)
    {
        lock (_gate)
        {
            return View(Find(name));
        }
    }

    public IReadOnlyList<GuestView> List()
    {
        lock (_gate)
        {
            return _guests.Values.OrderBy(g => g.Config.Name, StringComparer.Ordinal).Select(View).ToList();
        }
    }

    public HostView HostInfo()
    {
        lock (_gate)
        {
            var running = _guests.Values.Where(g => g.IsRunning).ToList();
            return new HostView(Settings.Name, Settings.Cores, Settings.MemoryBytes,
                (ulong)running.Sum(g => (decimal)g.Config.MemoryBytes), running.Sum(g => g.Config.EntitlementPercent),
                _scheduler.Load, _guests.Count, running.Count);
        }
    }

    public ConsoleLog ConsoleOf(string name)
    {
        lock (_gate)
        {
            return Find(name).Console;
        }
    }

    /// <summary>Queues bytes for the guest's standard input.</summary>
    public void SendInput(string name, ReadOnlySpan<byte> data)
    {
        ScheduledVcpu vcpu;
        lock (_gate)
        {
            var guest = Find(name);
            if (!guest.IsRunning || guest.Input is null || guest.Vcpu is null)
            {
                throw new HostRefusal(RefusalKind.FailedPrecondition, $"guest '{name}' is {guest.State}; console input goes only to a guest that is On");
            }

            if (guest.Suspending)
            {
                throw new HostRefusal(RefusalKind.FailedPrecondition, $"guest '{name}' is being suspended; console input is refused until it is Suspended, and goes to it once it is resumed");
            }

            if (!guest.Input.TryAdd(data))
            {
                throw new HostRefusal(RefusalKind.ResourceExhausted,
                    $"console input of guest '{name}' is full or closed ({ConsoleInput.Capacity} bytes are buffered at most; the guest has not read them yet)");
            }

            vcpu = guest.Vcpu;
        }

        _scheduler.InputArrived(vcpu);
    }

    /// <summary>
    /// A stream of changes that starts with every guest's current view, taken atomically with the
    /// subscription so no change falls between them. Dispose the subscription to end it.
    /// </summary>
    public GuestChangeSubscription WatchChanges()
    {
        var channel = Channel.CreateBounded<GuestChange>(new BoundedChannelOptions(WatcherBacklog)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,   // TryWrite fails when full: the watcher is cut off
        });
        lock (_gate)
        {
            foreach (var guest in _guests.Values.OrderBy(g => g.Config.Name, StringComparer.Ordinal))
            {
                channel.Writer.TryWrite(new GuestChange(View(guest), false, ++_sequence));
            }

            _watchers.Add(channel);
        }

        return new GuestChangeSubscription(channel.Reader, () =>
        {
            lock (_gate)
            {
                _watchers.Remove(channel);
            }
        });
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        // Running guests stay "wanted On" in their records: a restarted agent starts them again.
        _scheduler.Dispose();
        lock (_gate)
        {
            foreach (var guest in _guests.Values)
            {
                guest.Console.Dispose();
            }
        }
    }

    private void OnEnded(Guest guest, ScheduledVcpu vcpu, VcpuEnd how, Exception? error)
    {
        TaskCompletionSource? ended;
        lock (_gate)
        {
            if (guest.Vcpu != vcpu)
            {
                return;
            }

            var process = vcpu.Process;
            guest.Instructions = process.Vcpu.Instructions;
            guest.CpuTicks = vcpu.CpuTicks;
            guest.MemoryUsedBytes = process.Memory.BackedBytes;
            (guest.State, guest.Reason, guest.ExitStatus, guest.Fault) = how switch
            {
                VcpuEnd.Stopped => (GuestRunState.Off, guest.StopReason ?? "stopped", process.ExitStatus, ""),
                VcpuEnd.Exited => (GuestRunState.Off, (guest.StopReason is { } stop ? stop + "; " : "") + $"exited with status {process.ExitStatus}",
                    process.ExitStatus, ""),
                VcpuEnd.Faulted when IsMemoryLimit(process.Fault!) =>
                    (GuestRunState.Crashed, $"memory limit of {guest.Config.MemoryBytes} bytes exceeded", null, "memory limit exceeded"),
                VcpuEnd.Faulted => (GuestRunState.Crashed, Describe(process.Fault!), null, process.Fault!.Kind.Describe()),
                _ => (GuestRunState.Crashed, $"emulator error: {error?.GetType().Name}: {error?.Message}", null, "emulator error"),
            };
            (guest.Vcpu, guest.Input, guest.StopReason) = (null, null, null);
            ended = guest.Ended;
            if (!_disposed && _guests.ContainsKey(guest.Config.Name))
            {
                _store.Save(new GuestRecord(guest.Config, WantsOn: false));
            }

            _log.WriteLine($"ivm-host: guest '{guest.Config.Name}' is {guest.State}: {guest.Reason}");
            Publish(guest);
        }

        ended?.TrySetResult();
    }

    // The vCPU reports a memory fault as Segmentation with the MemoryFaultKind in its detail.
    private static bool IsMemoryLimit(GuestFault fault) =>
        fault.Kind == FaultKind.Segmentation && fault.Detail.EndsWith($"({MemoryFaultKind.LimitExceeded})", StringComparison.Ordinal);

    private static string Describe(GuestFault fault) =>
        $"{fault.Kind.Describe()} at ip 0x{fault.Ip:x} slot {fault.Slot} ({fault.Detail}); signal {fault.Signal}";

    private LinuxProcess Load(GuestConfiguration config, ConsoleInput input, ConsoleLog console)
    {
        ElfFile elf;
        try
        {
            elf = ElfFile.Load(config.ImagePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ElfFormatException)
        {
            string why = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message;
            throw new HostRefusal(RefusalKind.FailedPrecondition, $"guest '{config.Name}': cannot load image '{config.ImagePath}': {why}");
        }

        var streams = GuestStreams(input, console);
        try
        {
            return ProcessLoader.Load(elf, config.ImagePath, [config.ImagePath, .. config.Arguments], ["TERM=dumb", "HOME=/"],
                streams, config.MemoryBytes);
        }
        catch (ElfFormatException e)
        {
            throw new HostRefusal(RefusalKind.FailedPrecondition, $"guest '{config.Name}': image '{config.ImagePath}': {e.Message}");
        }
        catch (MemoryFaultException)
        {
            throw new HostRefusal(RefusalKind.FailedPrecondition,
                $"guest '{config.Name}': memory {config.MemoryBytes} bytes is too small to load image '{config.ImagePath}'");
        }
    }

    // The guest program's descriptors 0-2: console input, output and error into its console log.
    private static LinuxStreams GuestStreams(ConsoleInput input, ConsoleLog console)
    {
        var output = new ConsoleOutput(console);
        return new LinuxStreams(input, output, output, new StreamWriter(output) { AutoFlush = true });
    }

    private void CheckAdmission(string name, ulong memory, int entitlement, string action = "start")
    {
        var running = _guests.Values.Where(g => g.HoldsCapacity).ToList();
        ulong committed = (ulong)running.Sum(g => (decimal)g.Config.MemoryBytes);
        ulong free = Settings.MemoryBytes > committed ? Settings.MemoryBytes - committed : 0;
        int entitled = running.Sum(g => g.Config.EntitlementPercent);
        int freeEntitlement = Math.Max(0, EntitlementCapacity - entitled);
        var shortages = new List<string>();
        if (memory > free)
        {
            shortages.Add($"memory: it needs {memory} bytes and {free} of the host's {Settings.MemoryBytes} bytes are free ({committed} committed to {running.Count} running guests)");
        }

        if (entitlement > freeEntitlement)
        {
            shortages.Add($"CPU entitlement: it needs {entitlement}% and {freeEntitlement}% of the host's {EntitlementCapacity}% ({Settings.Cores} cores) are free");
        }

        if (shortages.Count > 0)
        {
            throw new HostRefusal(RefusalKind.FailedPrecondition,
                $"cannot {action} guest '{name}' on host '{Settings.Name}': not enough {string.Join("; not enough ", shortages)}");
        }
    }

    private GuestConfiguration WithDefaults(GuestConfiguration config) => config with
    {
        Vcpus = config.Vcpus == 0 ? 1 : config.Vcpus,
        MemoryBytes = config.MemoryBytes == 0 ? 2UL << 30 : config.MemoryBytes,
        EntitlementPercent = config.EntitlementPercent == 0 ? 10 : config.EntitlementPercent,
        OsType = config.OsType.Length == 0 ? "LINUX" : config.OsType,
        ImagePath = config.ImagePath.Length == 0 ? Settings.DefaultImage ?? "" : config.ImagePath,
    };

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex NamePattern();

    private static void Validate(GuestConfiguration config)
    {
        static HostRefusal Bad(string message) => new(RefusalKind.InvalidArgument, message);
        if (!NamePattern().IsMatch(config.Name))
        {
            throw Bad($"guest name '{config.Name}': must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }

        if (config.Vcpus != 1)
        {
            throw Bad($"guest '{config.Name}': vcpus {config.Vcpus}: only 1 virtual CPU per guest is supported for now");
        }

        if (config.MemoryBytes < 1UL << 20)
        {
            throw Bad($"guest '{config.Name}': memory {config.MemoryBytes} bytes: must be at least 1M (1048576 bytes)");
        }

        if (config.EntitlementPercent is < 1 or > 100)
        {
            throw Bad($"guest '{config.Name}': entitlement {config.EntitlementPercent}%: must be from 1 to 100 (percent of one core)");
        }

        if (config.EntitlementCapPercent is { } cap && (cap < config.EntitlementPercent || cap > 100))
        {
            throw Bad($"guest '{config.Name}': entitlement cap {cap}%: must be from the entitlement ({config.EntitlementPercent}%) to 100");
        }

        if (config.ImagePath.Length == 0)
        {
            throw Bad($"guest '{config.Name}': no image given and this host has no default image (--default-image)");
        }
    }

    private Guest Find(string name) =>
        _guests.TryGetValue(name, out var guest)
            ? guest
            : throw new HostRefusal(RefusalKind.NotFound, $"guest '{name}' does not exist on host '{Settings.Name}'");

    // Under _gate: tells every watcher. One that cannot take more is cut off with an error rather
    // than allowed to hold the agent's memory or miss a change silently.
    private GuestView Publish(Guest guest, bool removed = false)
    {
        guest.Revision = ++_sequence;
        var view = View(guest);
        if (_watchers.Count > 0)
        {
            var change = new GuestChange(view, removed, guest.Revision);
            for (int i = _watchers.Count - 1; i >= 0; i--)
            {
                if (!_watchers[i].Writer.TryWrite(change))
                {
                    _watchers[i].Writer.TryComplete(new HostRefusal(RefusalKind.ResourceExhausted,
                        $"guest event watcher fell more than {WatcherBacklog} changes behind; reconnect to get the current views"));
                    _watchers.RemoveAt(i);
                }
            }
        }

        return view;
    }

    private static GuestView View(Guest guest)
    {
        var vcpu = guest.Vcpu;
        long instructions = vcpu?.Process.Vcpu.Instructions ?? guest.Instructions;
        long ticks = vcpu?.CpuTicks ?? guest.CpuTicks;
        ulong memory = vcpu?.Process.Memory.BackedBytes ?? guest.MemoryUsedBytes;
        return new GuestView(guest.Config, guest.State, guest.Reason, guest.ExitStatus, guest.Fault, instructions,
            ticks * 1000 / Stopwatch.Frequency, memory, guest.Console.Length, guest.MigratingAway, guest.Revision);
    }
}
