using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;

namespace Ivm.Migration;

/// <summary>
/// The source's side of one migration: Init (connect, key agreement, admission on the target),
/// Copy (round 0: every touched page; then rounds of the pages dirtied meanwhile, throttling the
/// guest when the rounds stop shrinking), I/O Quiesce (console input held), Frozen (vCPU paused:
/// the last dirty pages, the execution state, the console's tail and unread input; the target
/// installs and says Ready), switch-over (commit; the target resumes the guest and says Running;
/// the source releases it). Any failure before the commit leaves the guest running here: the
/// vCPU is unpaused, unthrottled, its input given back, and the target told to discard.
/// </summary>
public sealed partial class SourceMigration
{
    private const int ConsoleChunk = 256 * 1024;

    /// <summary>Expected downtime below which another round is not worth it.</summary>
    private const double SettledMs = 1;

    /// <summary>Rounds after which the migration freezes as soon as the limit allows.</summary>
    private const int RoundsToSettle = 30;

    private readonly MigrationOptions _options;
    private readonly IMigrationConnector _connector;
    private readonly IMigrationSourceGuest _guest;
    private readonly Action<MigrationReport> _progress;
    private readonly Stopwatch _clock = new();
    private readonly PageBatch _batch = new();
    private readonly byte[] _sealed = new byte[PageBatch.MaxBytes + SealedChannel.TagBytes];
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _running = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Exception> _broken = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private IMigrationLink? _link;
    private TaskCompletionSource? _roundDone;
    private SealedChannel? _send;
    private SealedChannel? _receive;
    private MigrationStage _stage = MigrationStage.Init;
    private int _round;
    private long _consoleSent;
    private ulong _guestBytesSent, _wireBytes, _pagesSent, _zeroPages, _memoryBytes;
    private double _sendSeconds;
    private int _throttle;
    private bool _paused, _holding, _committed;
    private byte[] _pendingInput = [];
    private long _setupTicks, _round0Ticks, _pauseTicks, _pausedTicks, _sentTicks, _readyTicks, _runningTicks;
    private int _lastPages;

    public SourceMigration(MigrationOptions options, IMigrationConnector connector, IMigrationSourceGuest guest, Action<MigrationReport> progress)
    {
        _options = options;
        _connector = connector;
        _guest = guest;
        _progress = progress;
    }

    /// <summary>Runs the migration; throws <see cref="MigrationFailure"/> (the guest then still
    /// runs here) or <see cref="OperationCanceledException"/> when cancelled before the commit.</summary>
    public async Task<MigrationFigures> RunAsync(CancellationToken caller)
    {
        _clock.Start();
        // The maximum total time bounds every phase before the commit, a round 0 that crawls included.
        using var totalTimer = new CancellationTokenSource(_options.MaxTotal);
        using var total = CancellationTokenSource.CreateLinkedTokenSource(caller, totalTimer.Token);
        var cancellation = total.Token;
        try
        {
            await InitAsync(cancellation).ConfigureAwait(false);
            if (_options.CheckOnly)
            {
                return Figures();
            }

            if (_options.Online)
            {
                await CopyAsync(cancellation).ConfigureAwait(false);
                await FreezeAsync(cancellation).ConfigureAwait(false);
            }
            else
            {
                _stage = MigrationStage.Copy;
                Report(0, 0);
                await SendConsoleAsync(_guest.ConsoleLength, cancellation).ConfigureAwait(false);
                _stage = MigrationStage.Frozen;
                await SendAsync(FrameKind.Commit, BitConverter.GetBytes(0), cancellation).ConfigureAwait(false);
                _committed = true;
                await WaitAsync(_running.Task, _options.FrozenTimeout, "the target to confirm it holds the guest", cancellation).ConfigureAwait(false);
                _runningTicks = _clock.ElapsedTicks;
            }

            _guest.Release();
            return Figures();
        }
        catch (Exception e) when (!_committed)
        {
            await AbandonAsync(e).ConfigureAwait(false);
            throw e is OperationCanceledException && !caller.IsCancellationRequested && totalTimer.IsCancellationRequested
                ? new MigrationFailure(_stage, $"gave up after the maximum total time of {_options.MaxTotal.TotalSeconds:0.#} s during {Where()} ({_guestBytesSent / 1e6:0.0} MB sent at {Bandwidth / 1e6:0.0} MB/s)", inner: e)
                : Explain(e, caller);
        }
        catch (Exception e)
        {
            return await SettleAfterCommitAsync(e).ConfigureAwait(false);
        }
        finally
        {
            if (_link is not null)
            {
                await _link.DisposeAsync().ConfigureAwait(false);
            }

            _send?.Dispose();
            _receive?.Dispose();
        }
    }

    private async Task InitAsync(CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(_options.InitTimeout);
        using var keys = new MigrationKeys(_options.MigrationId);
        var hello = new HelloRequest(_options.MigrationId, _options.GuestName, _options.Configuration, _options.MemoryBytes,
            _options.EntitlementPercent, keys.PublicKey, MigrationKeys.HelloProof(_options.Token, _options.MigrationId, keys.PublicKey),
            _options.Online, _options.CheckOnly, _options.SourceHost) { Encrypted = _options.Encrypt };
        try
        {
            (_link, var answer) = await _connector.ConnectAsync(hello, timeout.Token).ConfigureAwait(false);
            byte[] transcript = MigrationKeys.Transcript(_options.MigrationId, keys.PublicKey, answer.TargetKey, answer.TokenBound);
            if (!answer.TokenBound)
            {
                throw new MigrationFailure(MigrationStage.Init, $"target '{_options.TargetHost}' was not told this migration's token (the controller calls Migration.Expect on it first), so it cannot prove it is the agent the controller chose", refused: true);
            }

            if (!MigrationKeys.Matches(MigrationKeys.TargetProof(_options.Token, transcript), answer.TargetProof))
            {
                throw new MigrationFailure(MigrationStage.Init, $"target '{_options.TargetHost}' could not prove it knows this migration's token; it may not be the agent the controller chose");
            }

            var (toTarget, toSource) = keys.Derive(answer.TargetKey, transcript, answer.TokenBound ? _options.Token : []);
            _send = new SealedChannel(toTarget, _options.MigrationId, 0, 0, _options.Encrypt);
            _receive = new SealedChannel(toSource, _options.MigrationId, 1, 0, _options.Encrypt);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new MigrationFailure(MigrationStage.Init, $"Init phase timed out after {_options.InitTimeout.TotalSeconds:0.#} s connecting to target '{_options.TargetHost}'");
        }

        _ = ReadAcknowledgementsAsync();
        if (_options.CheckOnly)
        {
            await _link.CompleteAsync().ConfigureAwait(false);
        }

        _setupTicks = _clock.ElapsedTicks;
    }

    private async Task CopyAsync(CancellationToken cancellation)
    {
        using var copyTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (_options.CopyTimeout is { } limit)
        {
            copyTimeout.CancelAfter(limit);
        }

        _stage = MigrationStage.Copy;
        var memory = _guest.Memory;
        var pages = new List<ulong>();

        // Marks from before round 0 are covered by round 0, which copies after clearing them.
        memory.CollectDirtyPages(pages);
        long lastCollect = _clock.ElapsedTicks;
        pages.Clear();
        memory.CollectBackedPages(pages);
        _memoryBytes = (ulong)pages.Count * 4096;
        Report((ulong)pages.Count * 4096, 0);
        try
        {
            // Read before the layout, so a change made while it is taken shows at the freeze.
            _layoutGeneration = memory.MappingGeneration;
            await SendAsync(FrameKind.Layout, LayoutCodec.Encode(memory.MappedLayout()), copyTimeout.Token).ConfigureAwait(false);
            long round0 = _clock.ElapsedTicks;
            await SendPagesAsync(pages, copyTimeout.Token).ConfigureAwait(false);
            await SendConsoleAsync(_guest.ConsoleLength, copyTimeout.Token).ConfigureAwait(false);
            await EndRoundAsync(round0, copyTimeout.Token).ConfigureAwait(false);
            _round0Ticks = _clock.ElapsedTicks - round0;

            ulong previous = _memoryBytes;
            while (true)
            {
                _round++;
                pages.Clear();
                memory.CollectDirtyPages(pages);
                long now = _clock.ElapsedTicks;
                ulong remaining = (ulong)pages.Count * 4096;
                double seconds = Math.Max(1e-6, (double)(now - lastCollect) / Stopwatch.Frequency);
                lastCollect = now;
                double bandwidth = Bandwidth;
                double expectedMs = remaining / bandwidth * 1000;
                Report(remaining, remaining / seconds / 1e6, expectedMs);
                // Within the limit, one more round is still worth it while rounds keep shrinking (by
                // a tenth at least), and while they stay above a quarter of the limit: it costs the
                // running guest nothing, and every page left is downtime. A guest that dirties about
                // as fast as the stream carries makes rounds that only wander; this waits for a
                // small one, for at most RoundsToSettle rounds.
                double limitMs = _options.Downtime.TotalMilliseconds;
                bool shrinking = remaining * 10 <= previous * 9;
                if (expectedMs <= limitMs
                    && (expectedMs <= SettledMs || _round >= RoundsToSettle || (!shrinking && expectedMs <= limitMs / 4)))
                {
                    _pendingInput = [];
                    _pendingPages = pages;
                    return;
                }

                if (_clock.Elapsed > _options.MaxTotal)
                {
                    throw new MigrationFailure(MigrationStage.Copy,
                        $"did not converge within the maximum time of {_options.MaxTotal.TotalSeconds:0.#} s: round {_round} still had {remaining / 1e6:0.0} MB dirty at {bandwidth / 1e6:0.0} MB/s (expected downtime {expectedMs:0} ms, limit {_options.Downtime.TotalMilliseconds:0} ms, throttle {_throttle}%)");
                }

                // QEMU's auto-converge: rounds that stop shrinking mean the guest dirties as fast as
                // the link carries; take CPU away from it in steps until they shrink.
                if (_round >= 2 && remaining * 10 >= previous * 9 && _throttle < 99)
                {
                    _throttle = _throttle == 0 ? 20 : Math.Min(99, _throttle + 10);
                    _guest.Throttle(_throttle);
                }

                previous = remaining;
                long start = _clock.ElapsedTicks;
                await SendPagesAsync(pages, copyTimeout.Token).ConfigureAwait(false);
                await SendConsoleAsync(_guest.ConsoleLength, copyTimeout.Token).ConfigureAwait(false);
                await EndRoundAsync(start, copyTimeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new MigrationFailure(MigrationStage.Copy, $"Copy phase timed out after {_options.CopyTimeout!.Value.TotalSeconds:0.#} s in round {_round}");
        }
    }

    private List<ulong> _pendingPages = [];
    private uint _layoutGeneration;

    /// <summary>Ends a round and waits until the target has installed it: the round's time is the
    /// stream's real rate (not how fast frames were buffered), and the guest is frozen only with
    /// nothing still in flight, so the last pages do not queue behind a backlog.</summary>
    private async Task EndRoundAsync(long startTicks, CancellationToken cancellation)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _roundDone, done);
        await SendAsync(FrameKind.RoundEnd, BitConverter.GetBytes(_round), cancellation).ConfigureAwait(false);
        await done.Task.WaitAsync(cancellation).ConfigureAwait(false);
        _sendSeconds += (double)(_clock.ElapsedTicks - startTicks) / Stopwatch.Frequency;
    }

    private async Task FreezeAsync(CancellationToken cancellation)
    {
        _stage = MigrationStage.IoQuiesce;
        using (var quiesce = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
        {
            quiesce.CancelAfter(_options.QuiesceTimeout);
            Report(0, 0);
            // Output goes to the console log as the guest writes it, so there is nothing to flush;
            // input sent from now on waits for the outcome.
            _guest.HoldInput();
            _holding = true;
        }

        _stage = MigrationStage.Frozen;
        using var frozen = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        frozen.CancelAfter(_options.FrozenTimeout);
        try
        {
            _pauseTicks = _clock.ElapsedTicks;
            if (!await _guest.PauseAsync().WaitAsync(frozen.Token).ConfigureAwait(false))
            {
                throw new MigrationFailure(MigrationStage.Frozen, "the guest ended (exited, crashed or was stopped) while it was being frozen");
            }

            _paused = true;
            _pausedTicks = _clock.ElapsedTicks;
            var memory = _guest.Memory;
            var pages = _pendingPages;
            memory.CollectDirtyPages(pages);
            pages.Sort();
            int distinct = 0;
            for (int i = 0; i < pages.Count; i++)
            {
                if (i == 0 || pages[i] != pages[i - 1])
                {
                    pages[distinct++] = pages[i];
                }
            }

            pages.RemoveRange(distinct, pages.Count - distinct);
            Report((ulong)pages.Count * 4096, 0);
            // Taking and applying a layout costs time in proportion to the guest's size; most guests
            // have not changed theirs since round 0.
            if (memory.MappingGeneration != _layoutGeneration)
            {
                await SendAsync(FrameKind.Layout, LayoutCodec.Encode(memory.MappedLayout()), frozen.Token).ConfigureAwait(false);
            }

            await SendPagesAsync(pages, frozen.Token).ConfigureAwait(false);
            long consoleLength = _guest.ConsoleLength;
            await SendConsoleAsync(consoleLength, frozen.Token).ConfigureAwait(false);
            _pendingInput = _guest.TakePendingInput();
            byte[] state = _guest.SaveExecutionState();
            var plain = new byte[4 + state.Length + 4 + _pendingInput.Length + 8];
            BinaryPrimitives.WriteInt32LittleEndian(plain, state.Length);
            state.CopyTo(plain, 4);
            BinaryPrimitives.WriteInt32LittleEndian(plain.AsSpan(4 + state.Length), _pendingInput.Length);
            _pendingInput.CopyTo(plain, 8 + state.Length);
            BinaryPrimitives.WriteInt64LittleEndian(plain.AsSpan(8 + state.Length + _pendingInput.Length), consoleLength);
            await SendAsync(FrameKind.ExecutionState, plain, frozen.Token).ConfigureAwait(false);
            _sentTicks = _clock.ElapsedTicks;
            _lastPages = pages.Count;
            await WaitAsync(_ready.Task, _options.FrozenTimeout, "the target to install the guest", frozen.Token).ConfigureAwait(false);
            _readyTicks = _clock.ElapsedTicks;

            _stage = MigrationStage.SwitchOver;
            byte[] late = _guest.TakeHeldInput();
            _pendingInput = [.. _pendingInput, .. late];
            var commit = new byte[4 + late.Length];
            BinaryPrimitives.WriteInt32LittleEndian(commit, late.Length);
            late.CopyTo(commit, 4);
            await SendAsync(FrameKind.Commit, commit, frozen.Token).ConfigureAwait(false);
            _committed = true;
            await WaitAsync(_running.Task, _options.FrozenTimeout, "the target to resume the guest", CancellationToken.None).ConfigureAwait(false);
            _runningTicks = _clock.ElapsedTicks;
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested && !_committed)
        {
            throw new MigrationFailure(MigrationStage.Frozen, $"Frozen phase timed out after {_options.FrozenTimeout.TotalSeconds:0.#} s");
        }
    }

    /// <summary>The link broke (or timed out) after the commit was sent: the guest may run on the
    /// target. Ask it, on fresh connections; only when it cannot be running there does the guest
    /// resume here.</summary>
    private async Task<MigrationFigures> SettleAfterCommitAsync(Exception e)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        var deadline = Stopwatch.GetTimestamp() + (long)(_options.FrozenTimeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            bool? running = await AskTargetAsync().ConfigureAwait(false);
            if (running == true)
            {
                _runningTicks = _clock.ElapsedTicks;
                _guest.Release();
                return Figures() with { ConfirmedAfter = Describe(e) };
            }

            if (running == false)
            {
                // The target answered that it does not run it, and from that answer on it refuses
                // the commit (QueryOutcome fences it), so resuming here cannot make two.
                await AbandonAsync(e).ConfigureAwait(false);
                throw new MigrationFailure(MigrationStage.SwitchOver,
                    $"the link to target '{_options.TargetHost}' failed after the commit ({Describe(e)}) and the target does not have the guest (the commit never took effect there); it resumed on the source", inner: e);
            }

            if (Stopwatch.GetTimestamp() + delay.TotalSeconds * Stopwatch.Frequency > deadline)
            {
                break;
            }

            await Task.Delay(delay).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
        }

        // Unreachable is not "not running": the guest may run there. It stays paused here rather
        // than risk running twice, and the question goes on in the background until the target
        // answers (then the guest is released or resumed here) or an operator stops it here.
        var retry = _options.SettleRetry ?? TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(30).Ticks, _options.FrozenTimeout.Ticks));
        Settling = KeepAskingAsync(e, retry);
        throw new MigrationFailure(MigrationStage.SwitchOver,
            $"the link to target '{_options.TargetHost}' failed after the commit ({Describe(e)}) and the target could not be reached for {_options.FrozenTimeout.TotalSeconds:0.#} s to learn whether the commit took effect there; the guest stays paused on the source so that it never runs twice, and the source asks again every {retry.TotalSeconds:0.#} s: it releases the guest if the target has it and resumes it if not (or stop it here)", inner: e);
    }

    /// <summary>Set when the call ended with the guest left paused after an unanswered commit: the
    /// background question to the target, ending with what became of the guest. The connector must
    /// stay usable until it ends.</summary>
    public Task<SettleOutcome>? Settling { get; private set; }

    private async Task<SettleOutcome> KeepAskingAsync(Exception why, TimeSpan retry)
    {
        while (true)
        {
            await Task.Delay(retry).ConfigureAwait(false);
            if (_guest.Ended)
            {
                return new(false, "the guest was stopped or removed on the source before the target answered");
            }

            switch (await AskTargetAsync().ConfigureAwait(false))
            {
                case true:
                    _guest.Release();
                    return new(true, $"target '{_options.TargetHost}' answered that it has the guest; released on the source");
                case false:
                    // The link is closed by now; the target already refuses the commit (it was asked).
                    await AbandonAsync(why, tellTarget: false).ConfigureAwait(false);
                    return new(true, $"target '{_options.TargetHost}' answered that it does not have the guest; resumed on the source");
            }
        }
    }

    // On a fresh connection; null when the target cannot be reached (or does not answer in 5 s).
    private async Task<bool?> AskTargetAsync()
    {
        try
        {
            return await _connector.CommittedOnTargetAsync(_options.MigrationId, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception)
        {
            return null;
        }
    }

    private async Task AbandonAsync(Exception why, bool tellTarget = true)
    {
        if (tellTarget && _link is not null && _send is not null && why is not MigrationFailure { Refused: true })
        {
            try
            {
                await SendAsync(FrameKind.Abort, Encoding.UTF8.GetBytes(Describe(why)), CancellationToken.None)
                    .WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The target discards an unfinished migration when the stream ends, whatever ends it.
            }
        }

        if (_holding)
        {
            _guest.RestoreInput(_pendingInput);
        }

        if (_throttle > 0)
        {
            _guest.Throttle(0);
        }

        if (_paused)
        {
            _guest.Unpause();
        }
    }

    private async Task SendPagesAsync(List<ulong> pages, CancellationToken cancellation)
    {
        var memory = _guest.Memory;
        _batch.Clear();
        foreach (ulong page in pages)
        {
            _batch.Add(memory, page);
            if (_batch.IsFull)
            {
                await FlushBatchAsync(cancellation).ConfigureAwait(false);
            }
        }

        if (_batch.Count > 0)
        {
            await FlushBatchAsync(cancellation).ConfigureAwait(false);
        }
    }

    private async Task FlushBatchAsync(CancellationToken cancellation)
    {
        await SendAsync(FrameKind.Pages, _batch.Plaintext, cancellation).ConfigureAwait(false);
        _pagesSent += (ulong)(_batch.Count - _batch.ZeroPages);
        _zeroPages += (ulong)_batch.ZeroPages;
        _guestBytesSent += (ulong)_batch.Count * 4096;
        _batch.Clear();
        // The cap spares the network while the guest runs; once it is paused, every millisecond is
        // downtime, so the last pages go as fast as the link allows.
        if (_options.BandwidthCap > 0 && _stage == MigrationStage.Copy)
        {
            double due = _wireBytes / _options.BandwidthCap;
            double ahead = due - _clock.Elapsed.TotalSeconds;
            if (ahead > 0.001)
            {
                await Task.Delay(TimeSpan.FromSeconds(ahead), cancellation).ConfigureAwait(false);
            }
        }
    }

    private async Task SendConsoleAsync(long upTo, CancellationToken cancellation)
    {
        var chunk = new byte[8 + ConsoleChunk];
        while (_consoleSent < upTo)
        {
            int n = _guest.ReadConsole(_consoleSent, chunk.AsSpan(8, (int)Math.Min(ConsoleChunk, upTo - _consoleSent)));
            if (n == 0)
            {
                throw new MigrationFailure(_stage, $"console log of guest '{_options.GuestName}' could not be read at offset {_consoleSent}");
            }

            BinaryPrimitives.WriteInt64LittleEndian(chunk, _consoleSent);
            await SendAsync(FrameKind.Console, chunk.AsSpan(0, 8 + n).ToArray(), cancellation).ConfigureAwait(false);
            _consoleSent += n;
        }
    }

    // What the link carried while sending, but never more than the cap allows.
    private double Bandwidth
    {
        get
        {
            double measured = _sendSeconds > 0 && _guestBytesSent > 0 ? _guestBytesSent / _sendSeconds : 100e6;
            return _options.BandwidthCap > 0 ? Math.Min(measured, _options.BandwidthCap) : measured;
        }
    }

    private string Where() => _stage == MigrationStage.Copy ? $"Copy round {_round}" : MigrationFailure.Name(_stage);

    private void Report(ulong remaining, double dirtyRate, double expectedMs = 0) =>
        _progress(new MigrationReport(_stage, _round, _guestBytesSent, remaining, dirtyRate, Bandwidth / 1e6, (ulong)Math.Ceiling(expectedMs), _throttle));

    private Exception Explain(Exception e, CancellationToken cancellation) => e switch
    {
        MigrationFailure => e,
        OperationCanceledException when cancellation.IsCancellationRequested => new MigrationFailure(_stage, $"cancelled during {Where()}; the guest keeps running on the source", inner: e),
        _ => new MigrationFailure(_stage, $"{Where()} failed: {Describe(e)}", inner: e),
    };

    private static string Describe(Exception e) => e.Message;

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private MigrationFigures Figures()
    {
        double total = _clock.Elapsed.TotalMilliseconds;
        double downtime = _pauseTicks > 0 && _runningTicks > 0 ? (_runningTicks - _pauseTicks) * 1000.0 / Stopwatch.Frequency : 0;
        return new MigrationFigures
        {
            TotalMs = (ulong)total,
            SetupMs = (ulong)(_setupTicks * 1000 / Stopwatch.Frequency),
            DowntimeMs = (ulong)Math.Ceiling(downtime),
            DowntimeExactMs = downtime,
            Rounds = _round,
            PagesSent = _pagesSent,
            ZeroPages = _zeroPages,
            BytesSent = _wireBytes,
            ThroughputMBps = total > 0 ? _wireBytes / 1e3 / total : 0,
            ThrottlePercent = _throttle,
            MemoryBytes = _memoryBytes,
            Round0Ms = Ms(_round0Ticks),
            PauseMs = _pausedTicks > 0 ? Ms(_pausedTicks - _pauseTicks) : 0,
            LastCopyMs = _sentTicks > 0 ? Ms(_sentTicks - _pausedTicks) : 0,
            TargetReadyMs = _readyTicks > 0 ? Ms(_readyTicks - _sentTicks) : 0,
            ResumeMs = _runningTicks > 0 && _readyTicks > 0 ? Ms(_runningTicks - _readyTicks) : 0,
            FrozenBreakdown = _pauseTicks == 0 ? "" :
                $"pause {Ms(_pausedTicks - _pauseTicks):0.0} ms, last {_lastPages} pages and state sent {Ms(_sentTicks - _pausedTicks):0.0} ms, target ready {Ms(_readyTicks - _sentTicks):0.0} ms, running {Ms(_runningTicks - _readyTicks):0.0} ms",
        };
    }
}
