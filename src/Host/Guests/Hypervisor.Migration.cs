using System.Text.Json;
using Ivm.Emulator.Cpu;
using Ivm.Emulator.Elf;
using Ivm.Emulator.Execution;
using Ivm.Emulator.Linux;
using Ivm.Emulator.Memory;
using Ivm.Host.Consoles;
using Ivm.Host.Scheduling;
using Ivm.Migration;

namespace Ivm.Host.Guests;

// Live migration on both ends (docs/migration.md). Source: a guest being migrated away keeps
// running here until the target confirms it runs there, then is forgotten without looking like a
// stop or a crash. Target: an incoming guest holds its name and its capacity (memory,
// entitlement) from the Hello on, but is invisible (not listed, no events) until the commit, when
// it appears On at once; a migration that fails before leaves nothing behind.
internal sealed partial class Hypervisor
{
    private static readonly JsonSerializerOptions s_migrationJson = new();

    private readonly Dictionary<string, string> _migratingAway = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IncomingGuest> _incoming = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IncomingOutcome> _outcomes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (byte[] Token, long At)> _expectedTokens = new(StringComparer.Ordinal);

    /// <summary>How long a token the controller announced waits for its migration.</summary>
    private static readonly TimeSpan ExpectationLifetime = TimeSpan.FromMinutes(15);

    /// <summary>What the target knows of a migration it received, for a source whose link broke at switch-over.</summary>
    internal sealed class IncomingOutcome
    {
        public bool Committed;
        public bool Running;

        /// <summary>The source asked and was told the guest does not run here: a commit arriving
        /// after that is refused, since the source resumes the guest.</summary>
        public bool Fenced;
    }

    /// <summary>Target: whether the guest of this migration runs here. Answering "no" fences the
    /// migration (its commit, if still in flight, is refused), atomically with the answer.</summary>
    public (bool Known, bool Committed, bool Running) QueryOutcome(string migrationId)
    {
        lock (_gate)
        {
            if (!_outcomes.TryGetValue(migrationId, out var outcome))
            {
                // Answered from disk after a restart (an uncommitted arrival was deleted at start).
                return _store.ArrivedGuest(migrationId) is { } name
                    ? (true, true, _guests.TryGetValue(name, out var arrived) && arrived.IsRunning)
                    : (false, false, false);
            }

            if (!outcome.Committed)
            {
                outcome.Fenced = true;
            }

            return (true, outcome.Committed, outcome.Running);
        }
    }

    public static byte[] SerializeConfiguration(GuestConfiguration config) => JsonSerializer.SerializeToUtf8Bytes(config, s_migrationJson);

    public static GuestConfiguration DeserializeConfiguration(byte[] bytes)
    {
        try
        {
            return JsonSerializer.Deserialize<GuestConfiguration>(bytes, s_migrationJson)
                ?? throw new HostRefusal(RefusalKind.InvalidArgument, "the migrating guest's configuration is empty");
        }
        catch (JsonException e)
        {
            throw new HostRefusal(RefusalKind.InvalidArgument, $"the migrating guest's configuration cannot be read: {e.Message}");
        }
    }

    /// <summary>Target: remembers the controller's token for a migration about to arrive.</summary>
    public void ExpectMigration(string migrationId, byte[] token)
    {
        lock (_gate)
        {
            long now = Environment.TickCount64;
            foreach (string stale in _expectedTokens.Where(e => now - e.Value.At > ExpectationLifetime.TotalMilliseconds).Select(e => e.Key).ToList())
            {
                _expectedTokens.Remove(stale);
            }

            _expectedTokens[migrationId] = (token, now);
        }
    }

    public byte[]? ExpectedToken(string migrationId)
    {
        lock (_gate)
        {
            return _expectedTokens.TryGetValue(migrationId, out var expected) ? expected.Token : null;
        }
    }

    /// <summary>Source: marks the guest as migrating away and hands it to the engine.</summary>
    public MigratingGuest BeginMigrationAway(string name, string migrationId, bool online, string targetHost, string targetUrl)
    {
        MigratingGuest migrating;
        lock (_gate)
        {
            var guest = Find(name);
            if (_migratingAway.TryGetValue(name, out string? running))
            {
                throw new HostRefusal(RefusalKind.FailedPrecondition, $"guest '{name}' is already being migrated (migration {running})");
            }

            if (guest.Suspending)
            {
                throw new HostRefusal(RefusalKind.FailedPrecondition, $"guest '{name}' is being suspended; it cannot be migrated until that ends");
            }

            if (online && (guest.State != GuestRunState.On || guest.Vcpu is null))
            {
                throw new HostRefusal(RefusalKind.FailedPrecondition, $"guest '{name}' is {guest.State}; an online migration (-o) moves a guest that is On");
            }

            if (!online && guest.State is not (GuestRunState.Off or GuestRunState.Crashed))
            {
                throw new HostRefusal(RefusalKind.FailedPrecondition, $"guest '{name}' is {guest.State}; an offline migration moves a guest that is Off (use -o to move it while it runs)");
            }

            _migratingAway[name] = migrationId;
            if (online)
            {
                guest.MigratingAway = true;
                Publish(guest);
            }

            migrating = new MigratingGuest(this, guest, online ? guest.Vcpu : null, migrationId);
        }

        try
        {
            _store.RecordDeparture(new Departure(migrationId, name, targetHost, targetUrl));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            EndMigrationAway(name);
            throw new HostRefusal(RefusalKind.FailedPrecondition, $"host '{Settings.Name}' cannot record the departure of guest '{name}': {e.Message}");
        }

        return migrating;
    }

    /// <summary>The call ended. <paramref name="unanswered"/>: the guest waits paused for its
    /// target's answer, so its departure record stays.</summary>
    public void EndMigrationAway(string name, bool unanswered = false)
    {
        lock (_gate)
        {
            if (_migratingAway.Remove(name, out string? migrationId) && !unanswered)
            {
                _store.DeleteDeparture(migrationId);
            }

            if (_guests.TryGetValue(name, out var guest) && guest.MigratingAway)
            {
                // Abandoned: it runs here as before.
                guest.MigratingAway = false;
                Publish(guest);
            }
        }
    }

    /// <summary>
    /// Target: checks the guest can come here (name free, memory and entitlement as a start needs,
    /// counting other incoming guests) and holds them for it.
    /// </summary>
    public IncomingGuest ReserveIncoming(string migrationId, GuestConfiguration config, bool online)
    {
        config = WithDefaults(config);
        Validate(config);
        IncomingGuest incoming;
        lock (_gate)
        {
            if (_guests.ContainsKey(config.Name) || _incoming.ContainsKey(config.Name))
            {
                throw new HostRefusal(RefusalKind.FailedPrecondition, $"a guest named '{config.Name}' already exists on host '{Settings.Name}'");
            }

            if (online)
            {
                ulong memory = config.MemoryBytes;
                int entitlement = config.EntitlementPercent;
                foreach (var other in _incoming.Values.Where(i => i.Online))
                {
                    memory += other.Config.MemoryBytes;
                    entitlement += other.Config.EntitlementPercent;
                }

                CheckAdmission(config.Name, memory, entitlement, "receive migrating");
            }

            incoming = new IncomingGuest(this, migrationId, config, online, _store.ConsolePath(config.Name));
            _incoming[config.Name] = incoming;
            _outcomes[migrationId] = new IncomingOutcome();
        }

        try
        {
            _store.Prepare(new GuestRecord(config, WantsOn: online));
            _store.RecordArrival(migrationId, config.Name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            incoming.Dispose();
            throw new HostRefusal(RefusalKind.FailedPrecondition, $"host '{Settings.Name}' cannot write the record of guest '{config.Name}': {e.Message}");
        }

        return incoming;
    }

    private void DiscardIncoming(IncomingGuest incoming)
    {
        lock (_gate)
        {
            if (_incoming.GetValueOrDefault(incoming.Config.Name) == incoming)
            {
                _incoming.Remove(incoming.Config.Name);
            }
        }
    }

    /// <summary>Target, at the commit: the guest appears here, On (online) or Off (offline). Its
    /// vCPU is scheduled by <see cref="StartArrived"/>, once the source has been told.</summary>
    private (GuestView View, ScheduledVcpu? Vcpu) AdoptIncoming(IncomingGuest incoming, ConsoleLog console, ConsoleInput? input, LinuxProcess? process)
    {
        lock (_gate)
        {
            if (_outcomes.TryGetValue(incoming.MigrationId, out var fenced) && fenced.Fenced)
            {
                throw new InvalidDataException("the source already asked whether the guest runs here and was told no; it resumed it, so the commit is refused");
            }

            _incoming.Remove(incoming.Config.Name);
            _expectedTokens.Remove(incoming.MigrationId);
            var config = incoming.Config;
            var guest = new Guest(config, console);
            ScheduledVcpu? vcpu = null;
            if (process is not null && input is not null)
            {
                vcpu = new ScheduledVcpu(process, config.EntitlementPercent, config.EntitlementCapPercent,
                    () => !input.ReadWouldBlock, (v, how, error) => OnEnded(guest, v, how, error));
                _store.CommitPrepared(config.Name);
                guest.State = GuestRunState.On;
                (guest.Input, guest.Vcpu, guest.Ended) = (input, vcpu, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                _guests.Add(config.Name, guest);
            }
            else
            {
                _store.CommitPrepared(config.Name);
                _guests.Add(config.Name, guest);
            }

            _store.CommitArrival(incoming.MigrationId);
            if (_outcomes.TryGetValue(incoming.MigrationId, out var outcome))
            {
                (outcome.Committed, outcome.Running) = (true, process is not null);
            }

            _log.WriteLine($"ivm-host: guest '{config.Name}' migrated here (migration {incoming.MigrationId}), {guest.State}");
            return (Publish(guest), vcpu);
        }
    }

    /// <summary>
    /// Target, right after the Running acknowledgement is written: the arrived guest's vCPU joins
    /// the scheduler. In this order the acknowledgement leaves before the guest competes for the
    /// cores (a guest catching up on its clock held it back by up to 250 ms on two cores), and the
    /// guest runs within the same millisecond. Nothing happens when the guest was stopped meanwhile.
    /// </summary>
    private void StartArrived(string name, ScheduledVcpu vcpu)
    {
        lock (_gate)
        {
            if (_guests.TryGetValue(name, out var guest) && guest.Vcpu == vcpu && guest.State == GuestRunState.On)
            {
                _scheduler.Add(vcpu);
            }
        }
    }

    /// <summary>Source, after the target confirmed: forgets the guest (its vCPU, paused, is dropped).</summary>
    private void ReleaseMigrated(Guest guest, ScheduledVcpu? vcpu, string migrationId)
    {
        TaskCompletionSource? ended;
        lock (_gate)
        {
            if (!_guests.TryGetValue(guest.Config.Name, out var current) || current != guest)
            {
                return;
            }

            _guests.Remove(guest.Config.Name);
            guest.MigratingAway = false;
            (guest.Vcpu, guest.Input, guest.State, guest.Reason) = (null, null, GuestRunState.Off, "migrated to another host");
            ended = guest.Ended;
            guest.Console.Dispose();
            _store.Delete(guest.Config.Name);
            _store.DeleteDeparture(migrationId);
            _log.WriteLine($"ivm-host: guest '{guest.Config.Name}' migrated away (migration {migrationId})");
            Publish(guest, removed: true);
        }

        if (vcpu is not null)
        {
            // The callback finds the guest no longer holds this vCPU and records nothing.
            _scheduler.Stop(vcpu);
        }

        ended?.TrySetResult();
    }

    /// <summary>
    /// At agent start, in the background: runs the restore path once on a throwaway process (the bundled image when there is one), so
    /// its code is compiled and the emulator's tables built before any incoming guest's downtime
    /// rather than inside it (a target that never ran a guest spent 0.25-1.9 s there).
    /// </summary>
    public void WarmEmulator()
    {
        try
        {
            if (Settings.DefaultImage is { } image && File.Exists(image))
            {
                var streams = new LinuxStreams(Stream.Null, Stream.Null, Stream.Null, TextWriter.Null);
                var process = ProcessLoader.Load(ElfFile.Load(image), image, [image], [], streams, 16UL << 20);
                using var state = new MemoryStream();
                ProcessSnapshot.SaveExecutionState(process, state);
                state.Position = 0;
                _ = ProcessSnapshot.RestoreExecutionState(state, process.Memory, streams);
            }
            else
            {
                _ = new Vcpu(new CpuState(), new GuestMemory(GuestMemory.PageSize), NoSystemCalls.Instance);
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or ElfFormatException or MemoryFaultException)
        {
            // Only a warm-up: the migration itself reports real failures.
        }
    }

    private sealed class NoSystemCalls : ISystemCallHandler
    {
        public static readonly NoSystemCalls Instance = new();

        public void Call(Vcpu vcpu) => throw new InvalidOperationException("the warm-up vCPU never runs");
    }

    private static byte[] DrainInput(ConsoleInput input)
    {
        using var all = new MemoryStream();
        Span<byte> buffer = stackalloc byte[4096];
        int n;
        while ((n = input.Read(buffer)) > 0)
        {
            all.Write(buffer[..n]);
        }

        return all.ToArray();
    }

    /// <summary>The source's guest as the migration engine sees it.</summary>
    internal sealed class MigratingGuest(Hypervisor hypervisor, Guest guest, ScheduledVcpu? vcpu, string migrationId) : IMigrationSourceGuest
    {
        private ConsoleInput? _original;
        private ConsoleInput? _held;

        public GuestConfiguration Config => guest.Config;

        public GuestMemory Memory => Vcpu.Process.Memory;

        private ScheduledVcpu Vcpu => vcpu ?? throw new InvalidOperationException("an offline migration has no running guest");

        public Task<bool> PauseAsync() => hypervisor._scheduler.PauseAsync(Vcpu);

        public void Unpause() => hypervisor._scheduler.Unpause(Vcpu);

        public bool Ended
        {
            get
            {
                lock (hypervisor._gate)
                {
                    return !hypervisor._guests.TryGetValue(guest.Config.Name, out var current) || current != guest || current.Vcpu != vcpu;
                }
            }
        }

        public void Throttle(int percent)
        {
            var config = guest.Config;
            int? cap = percent == 0 ? config.EntitlementCapPercent
                : Math.Max(1, (config.EntitlementCapPercent ?? 100) * (100 - percent) / 100);
            hypervisor._scheduler.SetShare(Vcpu, config.EntitlementPercent, cap);
        }

        public byte[] SaveExecutionState()
        {
            using var state = new MemoryStream();
            ProcessSnapshot.SaveExecutionState(Vcpu.Process, state);
            return state.ToArray();
        }

        public long ConsoleLength => guest.Console.Length;

        public int ReadConsole(long offset, Span<byte> destination) => guest.Console.Read(offset, destination);

        public void HoldInput()
        {
            lock (hypervisor._gate)
            {
                _original = guest.Input;
                _held = new ConsoleInput();
                guest.Input = _held;
            }
        }

        public byte[] TakePendingInput() => _original is null ? [] : DrainInput(_original);

        /// <summary>At the commit: what was held goes with it, and input from now on is refused
        /// (the sender retries and finds the guest on the target) rather than left behind.</summary>
        public byte[] TakeHeldInput()
        {
            lock (hypervisor._gate)
            {
                if (_held is null)
                {
                    return [];
                }

                byte[] held = DrainInput(_held);
                _held.End();
                return held;
            }
        }

        public void RestoreInput(byte[] pending)
        {
            lock (hypervisor._gate)
            {
                if (_original is null)
                {
                    return;
                }

                byte[] held = _held is null ? [] : DrainInput(_held);
                _original.TryAdd([.. pending, .. held]);
                if (guest.Input == _held)
                {
                    guest.Input = _original;
                }

                (_original, _held) = (null, null);
            }

            if (vcpu is not null)
            {
                hypervisor._scheduler.InputArrived(vcpu);
            }
        }

        public void Release() => hypervisor.ReleaseMigrated(guest, vcpu, migrationId);
    }

    /// <summary>The target's guest while it arrives: its memory, console log and, once frozen on the
    /// source, its restored process; nothing of it is visible before <see cref="Commit"/>.</summary>
    internal sealed class IncomingGuest : IDisposable
    {
        private readonly Hypervisor _hypervisor;
        private readonly string _consolePath;
        private FileStream? _consoleFile;
        private ConsoleLog? _console;
        private ConsoleInput? _input;
        private LinuxProcess? _process;
        private ScheduledVcpu? _arrived;
        private bool _adopted;

        public IncomingGuest(Hypervisor hypervisor, string migrationId, GuestConfiguration config, bool online, string consolePath)
        {
            _hypervisor = hypervisor;
            MigrationId = migrationId;
            Config = config;
            Online = online;
            _consolePath = consolePath;
            Memory = new GuestMemory(config.MemoryBytes);
            // No guest of this name is here, so a file at its console path is a leftover.
            _consoleFile = new FileStream(consolePath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        }

        public string MigrationId { get; }

        public GuestConfiguration Config { get; }

        public bool Online { get; }

        public GuestMemory Memory { get; }

        /// <summary>Appends console bytes, which must continue the log exactly.</summary>
        public void AppendConsole(long offset, ReadOnlySpan<byte> bytes)
        {
            var file = _consoleFile ?? throw new InvalidDataException("console bytes arrived after the execution state");
            if (offset != file.Length)
            {
                throw new InvalidDataException($"console bytes at offset {offset} arrived where offset {file.Length} was due");
            }

            file.Write(bytes);
        }

        /// <summary>Frozen: the execution state, joined to the memory received, makes the process.</summary>
        public void InstallState(ReadOnlySpan<byte> state, ReadOnlySpan<byte> pendingInput, long consoleLength)
        {
            CloseConsoleFile(consoleLength);
            _console = new ConsoleLog(_consolePath);
            _input = new ConsoleInput();
            _input.TryAdd(pendingInput);
            var output = new ConsoleOutput(_console);
            var streams = new LinuxStreams(_input, output, output, new StreamWriter(output) { AutoFlush = true });
            using var stream = new MemoryStream(state.ToArray(), writable: false);
            _process = ProcessSnapshot.RestoreExecutionState(stream, Memory, streams);
        }

        /// <summary>Switch-over: the guest appears on this host (and runs, when online).</summary>
        public GuestView Commit(ReadOnlySpan<byte> lateInput)
        {
            if (Online)
            {
                if (_process is null || _input is null || _console is null)
                {
                    throw new InvalidDataException("the commit arrived before the execution state");
                }

                _input.TryAdd(lateInput);
            }
            else
            {
                CloseConsoleFile(null);
                _console = new ConsoleLog(_consolePath);
            }

            (var view, _arrived) = _hypervisor.AdoptIncoming(this, _console!, _input, _process);
            _adopted = true;
            return view;
        }

        /// <summary>After the commit and its acknowledgement: the guest runs.</summary>
        public void Start()
        {
            if (_arrived is { } vcpu)
            {
                _hypervisor.StartArrived(Config.Name, vcpu);
            }
        }

        /// <summary>Ends the reservation; before the commit, everything received is thrown away.</summary>
        public void Dispose()
        {
            if (_adopted)
            {
                return;
            }

            _consoleFile?.Dispose();
            _consoleFile = null;
            _console?.Dispose();
            _hypervisor.DiscardIncoming(this);
            _hypervisor._store.DiscardPrepared(Config.Name);
            _hypervisor._store.DeleteArrival(MigrationId);
            File.Delete(_consolePath);
        }

        private void CloseConsoleFile(long? expectedLength)
        {
            var file = _consoleFile ?? throw new InvalidDataException("the execution state arrived twice");
            if (expectedLength is { } length && file.Length != length)
            {
                throw new InvalidDataException($"the console log is {file.Length} bytes here but {length} at the source");
            }

            file.Flush(flushToDisk: false);
            file.Dispose();
            _consoleFile = null;
        }
    }
}
