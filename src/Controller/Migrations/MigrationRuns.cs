using System.Collections.Concurrent;
using Google.Protobuf;
using Grpc.Core;
using Ivm.Cluster.V1;
using Ivm.Controller.Grains;
using Ivm.Controller.Hosts;
using Ivm.Migration.V1;
using HostV1 = Ivm.Host.V1;

namespace Ivm.Controller.Migrations;

/// <summary>
/// Drives migrations: the guest's grain checks and records, then the source agent's
/// HostAgent.MigrateGuest runs here, outside the grain, its progress relayed to the grain and to
/// the caller, until the result goes back to the grain in one write. A migration belongs to the
/// controller, not to the hpvm call that started it: it goes on when that call returns (--no-wait)
/// or its caller goes away, and ends with the controller process (the source agent then abandons it).
/// </summary>
internal sealed class MigrationRuns(IGrainFactory grains, HostAgents agents, ILogger<MigrationRuns> log)
{
    private readonly ConcurrentDictionary<string, MigrationRun> _runs = new(StringComparer.Ordinal);

    public bool IsRunning(string migrationId) => _runs.ContainsKey(migrationId);

    /// <summary>-s: every check, the source agent's included (target admission, compatibility); nothing moves.</summary>
    public async Task<int> CheckAsync(MigrateGuestRequest request, IServerStreamWriter<MigrationProgress> stream, CancellationToken cancel)
    {
        var plan = await grains.GetGrain<IGuestGrain>(request.Name).BeginMigration(request.ToByteArray(), checkOnly: true, canceller: null);
        if (plan.SourceAddress.Length > 0)
        {
            try
            {
                await ExpectAsync(plan, cancel);
                using var call = agents.For(plan.SourceAddress).MigrateGuest(HostV1.MigrateGuestRequest.Parser.ParseFrom(plan.AgentRequest),
                    deadline: DateTime.UtcNow.AddMinutes(2), cancellationToken: cancel);
                await foreach (var progress in call.ResponseStream.ReadAllAsync(cancel))
                {
                    if (progress.Result is { Success: false } refused)
                    {
                        throw new ClusterException(StatusCode.FailedPrecondition, $"host {plan.SourceHost}: {refused.Error}");
                    }

                    if (progress.Result is not null)
                    {
                        await stream.WriteAsync(progress, cancel);
                        return 0;
                    }
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented && !plan.Online)
            {
                // An older agent: the controller moves an Off guest's definition itself.
            }
            catch (RpcException e)
            {
                throw AgentError(plan, e);
            }
        }

        await stream.WriteAsync(new MigrationProgress { Result = new MigrationResult { Success = true } }, cancel);
        return 0;
    }

    /// <summary>Checks and records the migration in the guest's grain, then runs it in the background.</summary>
    public async Task<MigrationRun> StartAsync(MigrateGuestRequest request)
    {
        var grain = grains.GetGrain<IGuestGrain>(request.Name);
        var run = new MigrationRun(request.Name);
        var reference = grains.CreateObjectReference<IMigrationCanceller>(run);
        MigrationPlan plan;
        try
        {
            plan = await grain.BeginMigration(request.ToByteArray(), checkOnly: false, reference);
        }
        catch
        {
            grains.DeleteObjectReference<IMigrationCanceller>(reference);
            run.Dispose();
            throw;
        }

        run.MigrationId = plan.MigrationId;
        _runs[plan.MigrationId] = run;
        _ = Task.Run(() => DriveAsync(run, plan, grain, reference));
        return run;
    }

    /// <summary>Waits (bounded) for this process's run of the guest's migration to end, if it has one.</summary>
    public async Task WaitEndedAsync(string guest, TimeSpan timeout)
    {
        if (_runs.Values.FirstOrDefault(r => r.Guest == guest) is { } run)
        {
            await Task.WhenAny(run.Ended, Task.Delay(timeout));
        }
    }

    private async Task DriveAsync(MigrationRun run, MigrationPlan plan, IGuestGrain grain, IMigrationCanceller reference)
    {
        MigrationResult result;
        try
        {
            result = plan.SourceAddress.Length == 0
                ? new MigrationResult { Success = true, Statistics = new MigrationStatistics() }
                : await RunOnSourceAsync(run, plan, grain);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.LogError(e, "migration {Id} of {Guest} failed in the controller", plan.MigrationId, run.Guest);
            result = new MigrationResult { Error = $"the controller failed while driving it: {e.Message}" };
        }

        log.LogInformation("migration {Id} of {Guest} from {Source} to {Target}: {Outcome}", plan.MigrationId, run.Guest, plan.SourceHost, plan.TargetHost,
            result.Success ? "completed" : result.Error);
        try
        {
            await grain.FinishMigration(plan.MigrationId, result.ToByteArray(), plan.Online);
            if (plan.Online)
            {
                // The state as the host that runs it sees it now, not its last report from while
                // the migration ran. No source copy after a failure: the result was lost after the
                // switch-over (e.g. a connection cut at its very end), and the grain adopts the
                // target if the guest runs there.
                var (host, address) = result.Success ? (plan.TargetHost, plan.TargetAddress) : (plan.SourceHost, plan.SourceAddress);
                if (await ReportAsync(address, run.Guest) is { } report)
                {
                    await grain.Observe(host, report.ToByteArray());
                }
                else if (!result.Success)
                {
                    await grain.Vanished(plan.SourceHost);
                }
            }
        }
        catch (Exception e) when (e is RpcException or ClusterException or OrleansException or TimeoutException)
        {
            // The record is reconciled from the agents' reports when the grain next activates.
            log.LogError(e, "recording the end of migration {Id} of {Guest} failed", plan.MigrationId, run.Guest);
        }
        finally
        {
            run.Publish(new MigrationProgress { Phase = result.Success ? MigrationPhase.Completed : MigrationPhase.Abandoned, Result = result });
            run.End();
            _runs.TryRemove(plan.MigrationId, out _);
            grains.DeleteObjectReference<IMigrationCanceller>(reference);
            run.Dispose();
        }
    }

    private async Task<MigrationResult> RunOnSourceAsync(MigrationRun run, MigrationPlan plan, IGuestGrain grain)
    {
        var request = HostV1.MigrateGuestRequest.Parser.ParseFrom(plan.AgentRequest);
        // The agent enforces max_total_ms; the deadline only guards against an agent that hangs.
        var deadline = DateTime.UtcNow.AddMilliseconds(request.MaxTotalMs == 0 ? 600_000 : request.MaxTotalMs).AddMinutes(3);
        bool sent = false;
        try
        {
            await ExpectAsync(plan, run.Cancelled);
            using var call = agents.For(plan.SourceAddress).MigrateGuest(request, deadline: deadline, cancellationToken: run.Cancelled);
            await foreach (var progress in call.ResponseStream.ReadAllAsync(run.Cancelled))
            {
                if (progress.Result is not null)
                {
                    return progress.Result;
                }

                sent = true;
                run.Publish(progress);
                await grain.MigrationProgressed(plan.MigrationId, progress.ToByteArray());
            }

            return new MigrationResult { Error = $"host {plan.SourceHost} ended the migration without a result" };
        }
        catch (Exception e) when (run.Cancelled.IsCancellationRequested && e is RpcException or OperationCanceledException)
        {
            return new MigrationResult { Error = $"cancelled (hpvm migrate --cancel); the guest keeps running on {plan.SourceHost}" };
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented && !plan.Online)
        {
            return await MoveDefinitionAsync(plan, request);
        }
        catch (ClusterException e)
        {
            run.Refusal = e.Code;
            return new MigrationResult { Error = e.Message };
        }
        catch (RpcException e)
        {
            if (!sent && e.StatusCode is StatusCode.FailedPrecondition or StatusCode.InvalidArgument or StatusCode.NotFound or StatusCode.Unimplemented)
            {
                run.Refusal = e.StatusCode;
            }

            return new MigrationResult { Error = AgentError(plan, e).Message };
        }
    }

    // The target learns the migration's token from the controller, not from the source: the source
    // must prove it holds it, and the keys are bound to it (docs/migration.md).
    private async Task ExpectAsync(MigrationPlan plan, CancellationToken cancel)
    {
        var request = HostV1.MigrateGuestRequest.Parser.ParseFrom(plan.AgentRequest);
        try
        {
            await agents.MigrationOf(plan.TargetAddress).ExpectAsync(
                new ExpectMigrationRequest { MigrationId = plan.MigrationId, GuestName = request.Name, Token = request.Token },
                deadline: DateTime.UtcNow.AddSeconds(15), cancellationToken: cancel);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented && !plan.Online)
        {
            // An older agent: an Off guest's definition is moved by the controller itself.
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented)
        {
            throw new ClusterException(StatusCode.FailedPrecondition, $"host {plan.TargetHost}: its agent cannot receive migrations (it runs an older Ivm; upgrade it)");
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
        {
            throw new ClusterException(e.StatusCode, $"host {plan.TargetHost} could not be told to expect the migration: {e.Status.Detail}");
        }
    }

    // Offline, with a source agent that has no MigrateGuest: the definition is created on the
    // target and removed from the source (its console log stays behind).
    private async Task<MigrationResult> MoveDefinitionAsync(MigrationPlan plan, HostV1.MigrateGuestRequest request)
    {
        var target = agents.For(plan.TargetAddress);
        try
        {
            await target.CreateGuestAsync(new HostV1.CreateGuestRequest { Config = request.TargetConfig }, deadline: DateTime.UtcNow.AddSeconds(15));
        }
        catch (RpcException e)
        {
            return new MigrationResult { Error = $"host {plan.TargetHost} could not define '{request.Name}': {e.Status.Detail}" };
        }

        try
        {
            await agents.For(plan.SourceAddress).RemoveGuestAsync(new HostV1.RemoveGuestRequest { Name = request.Name }, deadline: DateTime.UtcNow.AddSeconds(15));
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.NotFound)
        {
            await target.RemoveGuestAsync(new HostV1.RemoveGuestRequest { Name = request.Name }, deadline: DateTime.UtcNow.AddSeconds(15));
            return new MigrationResult { Error = $"host {plan.SourceHost} could not release '{request.Name}': {e.Status.Detail}" };
        }

        return new MigrationResult { Success = true, Statistics = new MigrationStatistics() };
    }

    // The agent's view of the guest; null when it does not have it.
    private async Task<HostV1.Guest?> ReportAsync(string address, string guest)
    {
        try
        {
            return await agents.For(address).GetGuestAsync(new HostV1.GetGuestRequest { Name = guest }, deadline: DateTime.UtcNow.AddSeconds(5));
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    private static ClusterException AgentError(MigrationPlan plan, RpcException e) => e.StatusCode == StatusCode.Unimplemented
        ? new ClusterException(StatusCode.FailedPrecondition, $"host {plan.SourceHost}: its agent cannot migrate guests (it runs an older Ivm; upgrade it)")
        : new ClusterException(e.StatusCode, $"host {plan.SourceHost}: {e.Status.Detail}");
}
