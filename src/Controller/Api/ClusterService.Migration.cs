using Grpc.Core;
using Ivm.Cluster.V1;
using Ivm.Migration.V1;

namespace Ivm.Controller.Api;

// hpvm migrate, migrate --cancel, suspend and resume.
internal sealed partial class ClusterService
{
    public override async Task MigrateGuest(MigrateGuestRequest request, IServerStreamWriter<MigrationProgress> responseStream, ServerCallContext context)
    {
        GuestNames.Check(request.Name);
        if (request.TargetHost.Length == 0)
        {
            throw Invalid($"migration of '{request.Name}': the target host is required (-h HOST; hpvm cluster status lists the hosts)");
        }

        if (request.CheckOnly)
        {
            await Call(() => migrations.CheckAsync(request, responseStream, context.CancellationToken));
            return;
        }

        var run = await Call(() => migrations.StartAsync(request));
        bool sent = false;
        try
        {
            await foreach (var progress in run.Progress.ReadAllAsync(context.CancellationToken))
            {
                // Refused by the source agent before anything moved: the call fails as the contract says.
                if (!sent && progress.Result is { Success: false } refused && run.Refusal is { } code)
                {
                    throw new RpcException(new Status(code, refused.Error));
                }

                await responseStream.WriteAsync(progress, context.CancellationToken);
                sent = true;
                if (request.NoWait || progress.Result is not null)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The caller left; the migration goes on in the controller.
        }
        finally
        {
            run.Detach();
        }
    }

    public override async Task<CancelMigrationReply> CancelMigration(CancelMigrationRequest request, ServerCallContext context)
    {
        await Call(async () =>
        {
            await GuestOf(request.Name).CancelMigration();
            return 0;
        });
        // So that hpvm status right after shows the abandoned attempt (when this process drives it).
        await migrations.WaitEndedAsync(request.Name, TimeSpan.FromSeconds(30));
        return new CancelMigrationReply();
    }

    public override Task<Guest> SuspendGuest(SuspendGuestRequest request, ServerCallContext context) =>
        Call(async () => Guest.Parser.ParseFrom(await GuestOf(request.Name).Suspend()));

    public override Task<Guest> ResumeGuest(ResumeGuestRequest request, ServerCallContext context) =>
        Call(async () => Guest.Parser.ParseFrom(await GuestOf(request.Name).Resume()));
}
