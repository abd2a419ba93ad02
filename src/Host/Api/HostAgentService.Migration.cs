using System.Threading.Channels;
using Grpc.Core;
using Ivm.Host.Guests;
using Ivm.Host.V1;
using Ivm.Migration;
using Ivm.Migration.V1;
using Ivm.Security;

namespace Ivm.Host.Api;

// HostAgent.MigrateGuest: this agent is the source. Runs the migration engine against the target
// agent and relays its progress; the last message carries the result.
internal sealed partial class HostAgentService
{
    public override async Task MigrateGuest(MigrateGuestRequest request, IServerStreamWriter<MigrationProgress> responseStream, ServerCallContext context)
    {
        if (!GuestStore.IsMigrationId(request.MigrationId))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"migrate guest: migration_id '{request.MigrationId}' must be 1-64 letters, digits, '-' or '_'"));
        }

        if (!Uri.TryCreate(request.TargetUrl, UriKind.Absolute, out var target) || target.Scheme is not ("http" or "https"))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"migrate guest '{request.Name}': target_url '{request.TargetUrl}' is not an http:// or https:// address"));
        }

        if (request.Token.Length == 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"migrate guest '{request.Name}': a token is required (the controller's 32 random bytes)"));
        }

        Hypervisor.MigratingGuest guest;
        MigrationConnector? connector = null;
        SourceMigration? engine = null;
        try
        {
            guest = hypervisor.BeginMigrationAway(request.Name, request.MigrationId, request.Online,
                request.TargetHost.Length > 0 ? request.TargetHost : target.Authority, target.ToString());
        }
        catch (HostRefusal e)
        {
            throw ToRpc(e);
        }

        try
        {
            var config = guest.Config;
            if (request.TargetConfig is { Name.Length: > 0 } wanted)
            {
                config = FromMessage(wanted) with { Name = config.Name };
            }

            string targetHost = request.TargetHost.Length > 0 ? request.TargetHost : target.Authority;
            var timeouts = request.Timeouts ?? new PhaseTimeouts();
            var options = new MigrationOptions
            {
                MigrationId = request.MigrationId,
                GuestName = request.Name,
                Token = request.Token.ToByteArray(),
                Configuration = Hypervisor.SerializeConfiguration(config),
                MemoryBytes = config.MemoryBytes,
                EntitlementPercent = (uint)config.EntitlementPercent,
                Online = request.Online,
                CheckOnly = request.CheckOnly,
                SourceHost = hypervisor.Settings.Name,
                TargetHost = targetHost,
                Encrypt = hypervisor.Settings.MigrationEncryption,
                Downtime = TimeSpan.FromMilliseconds(request.DowntimeMs == 0 ? 50 : request.DowntimeMs),
                BandwidthCap = request.BandwidthMbPerS * 1e6,
                MaxTotal = TimeSpan.FromMilliseconds(request.MaxTotalMs == 0 ? 600_000 : request.MaxTotalMs),
                InitTimeout = TimeSpan.FromMilliseconds(timeouts.InitMs == 0 ? 90_000 : timeouts.InitMs),
                CopyTimeout = timeouts.CopyMs == 0 ? null : TimeSpan.FromMilliseconds(timeouts.CopyMs),
                QuiesceTimeout = TimeSpan.FromMilliseconds(timeouts.IoQuiesceMs == 0 ? 15_000 : timeouts.IoQuiesceMs),
                FrozenTimeout = TimeSpan.FromMilliseconds(timeouts.FrozenMs == 0 ? 60_000 : timeouts.FrozenMs),
            };

            // The engine reports from its own flow; one writer relays in order.
            var reports = Channel.CreateUnbounded<MigrationProgress>(new UnboundedChannelOptions { SingleReader = true });
            var relay = RelayAsync(reports.Reader, responseStream);
            connector = new MigrationConnector(target, targetHost, migrationTls.Identity);
            engine = new SourceMigration(options, connector, guest, r => reports.Writer.TryWrite(ToMessage(r)));
            var result = new MigrationResult();
            try
            {
                var figures = await engine.RunAsync(context.CancellationToken).ConfigureAwait(false);
                result.Success = true;
                result.Statistics = ToMessage(figures);
                Console.Out.WriteLine($"ivm-host: migration {request.MigrationId} of guest '{request.Name}' to '{targetHost}' completed: total {figures.TotalMs} ms, downtime {figures.DowntimeExactMs:0.0} ms ({figures.FrozenBreakdown}), {figures.Rounds} rounds, {figures.BytesSent} bytes{(figures.ConfirmedAfter is { } broke ? $"; the link broke after the commit ({broke}) and the target, asked again, has the guest" : "")}");
            }
            catch (MigrationFailure e) when (e.Refused)
            {
                reports.Writer.TryComplete();
                await relay.ConfigureAwait(false);
                throw new RpcException(new Status(StatusCode.FailedPrecondition, e.Message));
            }
            catch (MigrationFailure e)
            {
                result.Error = $"{MigrationFailure.Name(e.Stage)}: {e.Message}";
                Console.Out.WriteLine($"ivm-host: migration {request.MigrationId} of guest '{request.Name}' to '{targetHost}' abandoned: {result.Error}");
            }

            // Settled before the result goes out: whoever reads it finds the guest On here or gone.
            hypervisor.EndMigrationAway(request.Name, unanswered: engine.Settling is not null);
            reports.Writer.TryWrite(new MigrationProgress
            {
                Phase = result.Success ? MigrationPhase.Completed : MigrationPhase.Abandoned,
                Result = result,
            });
            reports.Writer.TryComplete();
            await relay.ConfigureAwait(false);
        }
        finally
        {
            hypervisor.EndMigrationAway(request.Name, unanswered: engine?.Settling is not null);
            if (engine?.Settling is { } settling)
            {
                _ = SettleAfterCallAsync(request, settling, connector!);
            }
            else
            {
                connector?.Dispose();
            }
        }
    }

    // A guest left paused after a commit nobody answered: the engine keeps asking the target. Once
    // it answered, the departure record goes (a guest stopped here meanwhile keeps it: a restarted
    // agent asks again before starting it).
    private async Task SettleAfterCallAsync(MigrateGuestRequest request, Task<SettleOutcome> settling, MigrationConnector connector)
    {
        using (connector)
        {
            SettleOutcome outcome;
            try
            {
                outcome = await settling.ConfigureAwait(false);
            }
            catch (Exception e)
            {
                outcome = new(false, $"asking the target failed: {e.Message}; the guest stays paused on the source");
            }

            if (outcome.Answered)
            {
                hypervisor.ForgetDeparture(request.MigrationId);
            }

            Console.Out.WriteLine($"ivm-host: migration {request.MigrationId} of guest '{request.Name}' settled after the call: {outcome.Description}");
        }
    }

    private static async Task RelayAsync(ChannelReader<MigrationProgress> reports, IServerStreamWriter<MigrationProgress> stream)
    {
        bool open = true;
        await foreach (var report in reports.ReadAllAsync().ConfigureAwait(false))
        {
            if (!open)
            {
                continue;
            }

            try
            {
                await stream.WriteAsync(report).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or OperationCanceledException)
            {
                // The caller went away (it cancelled); the migration is being abandoned.
                open = false;
            }
        }
    }

    private static MigrationProgress ToMessage(MigrationReport r) => new()
    {
        Phase = r.Stage switch
        {
            MigrationStage.Init => MigrationPhase.Init,
            MigrationStage.Copy => MigrationPhase.Copy,
            MigrationStage.IoQuiesce => MigrationPhase.IoQuiesce,
            _ => MigrationPhase.Frozen,
        },
        Round = (uint)r.Round,
        TransferredBytes = r.TransferredBytes,
        RemainingBytes = r.RemainingBytes,
        DirtyRateMbPerS = r.DirtyRateMBps,
        BandwidthMbPerS = r.BandwidthMBps,
        ExpectedDowntimeMs = r.ExpectedDowntimeMs,
        ThrottlePercent = (uint)r.ThrottlePercent,
    };

    private static MigrationStatistics ToMessage(MigrationFigures f) => new()
    {
        TotalMs = f.TotalMs,
        SetupMs = f.SetupMs,
        DowntimeMs = f.DowntimeMs,
        Rounds = (uint)f.Rounds,
        PagesSent = f.PagesSent,
        ZeroPages = f.ZeroPages,
        BytesSent = f.BytesSent,
        ThroughputMbPerS = f.ThroughputMBps,
        ThrottlePercent = (uint)f.ThrottlePercent,
        MemoryBytes = f.MemoryBytes,
        DowntimeExactMs = f.DowntimeExactMs,
        Round0Ms = (ulong)Math.Round(f.Round0Ms),
        PauseMs = f.PauseMs,
        LastCopyMs = f.LastCopyMs,
        TargetReadyMs = f.TargetReadyMs,
        ResumeMs = f.ResumeMs,
    };
}

/// <summary>The agent's TLS identity (null without --tls-dir), for its outgoing migration connections.</summary>
internal sealed record MigrationTls(TlsIdentity? Identity);
