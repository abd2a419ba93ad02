using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Ivm.Host.Tests;
using Ivm.Host.V1;
using Ivm.Migration.V1;

namespace Ivm.Migration.Tests;

/// <summary>
/// One migration as the controller starts it: the target is told a fresh token (Migration.Expect),
/// then HostAgent.MigrateGuest runs on the source; returns every progress message, the result last.
/// Shared by the migration tests and the migration benchmark.
/// </summary>
internal static class MigrationCall
{
    public static async Task<List<MigrationProgress>> RunAsync(AgentProcess source, AgentProcess target, MigrateGuestRequest request,
        bool expect = true, HttpMessageHandler? handler = null, CancellationToken cancel = default)
    {
        request.MigrationId = Guid.NewGuid().ToString("N");
        request.Token = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(32));
        if (request.TargetUrl.Length == 0)
        {
            request.TargetUrl = target.Address;
        }

        if (expect)
        {
            using var channel = GrpcChannel.ForAddress(target.Address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = false });
            await new Ivm.Migration.V1.Migration.MigrationClient(channel).ExpectAsync(new ExpectMigrationRequest
            {
                MigrationId = request.MigrationId,
                GuestName = request.Name,
                Token = request.Token,
            }, cancellationToken: cancel);
        }

        var progress = new List<MigrationProgress>();
        using var call = source.Client.MigrateGuest(request, cancellationToken: cancel);
        await foreach (var message in call.ResponseStream.ReadAllAsync(cancel))
        {
            progress.Add(message);
        }

        return progress;
    }
}
