using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Ivm.Migration;
using Ivm.Migration.V1;
using Ivm.Security;
using MigrationClient = Ivm.Migration.V1.Migration.MigrationClient;

namespace Ivm.Host.Api;

/// <summary>
/// The source's connection to the target agent's Migration service: with this host's certificate
/// (mutual TLS) when the agent runs with --tls-dir, plain HTTP/2 otherwise — the frames are sealed
/// either way.
/// </summary>
internal sealed class MigrationConnector(Uri target, string targetHost, TlsIdentity? tls) : IMigrationConnector, IDisposable
{
    private readonly GrpcChannel _channel = Open(target, tls);

    public async Task<(IMigrationLink Link, HelloAnswer Answer)> ConnectAsync(HelloRequest hello, CancellationToken cancellation)
    {
        var call = new MigrationClient(_channel).Transfer(cancellationToken: CancellationToken.None);
        try
        {
            await call.RequestStream.WriteAsync(new MigrationFrame
            {
                Hello = new MigrationHello
                {
                    MigrationId = hello.MigrationId,
                    GuestName = hello.GuestName,
                    GuestConfig = ByteString.CopyFrom(hello.Configuration),
                    MemoryBytes = hello.MemoryBytes,
                    EntitlementPercent = hello.EntitlementPercent,
                    FormatVersion = HelloRequest.FormatVersion,
                    EmulatorVersion = HelloRequest.EmulatorVersion,
                    SourcePublicKey = ByteString.CopyFrom(hello.SourceKey),
                    TokenProof = ByteString.CopyFrom(hello.TokenProof),
                    Online = hello.Online,
                    CheckOnly = hello.CheckOnly,
                    SourceHost = hello.SourceHost,
                    Unencrypted = !hello.Encrypted,
                },
            }, cancellation).ConfigureAwait(false);
            if (!await call.ResponseStream.MoveNext(cancellation).ConfigureAwait(false) || call.ResponseStream.Current.Hello is not { } reply)
            {
                throw new MigrationFailure(MigrationStage.Init, $"target '{targetHost}' ended the migration stream without answering the Hello");
            }

            return (new Link(call), new HelloAnswer(reply.TargetPublicKey.ToByteArray(), reply.TargetProof.ToByteArray(), reply.TokenBound, reply.TargetHost));
        }
        catch (RpcException e)
        {
            call.Dispose();
            bool refused = e.StatusCode is StatusCode.FailedPrecondition or StatusCode.PermissionDenied or StatusCode.InvalidArgument;
            throw new MigrationFailure(MigrationStage.Init, refused
                ? $"target '{targetHost}' refused the migration: {e.Status.Detail}"
                : $"cannot reach target '{targetHost}' at {target}: {e.Status.Detail}", refused, e);
        }
        catch
        {
            call.Dispose();
            throw;
        }
    }

    // A fresh connection: the one that broke may be half-dead.
    public Task<bool?> CommittedOnTargetAsync(string migrationId, CancellationToken cancellation) => CommittedAsync(target, tls, migrationId, cancellation);

    /// <summary>Whether migration ID committed at the target (the guest belongs there, running or
    /// not); null when the target cannot be reached. Also asked by an agent restarted during a
    /// migration away.</summary>
    public static async Task<bool?> CommittedAsync(Uri target, TlsIdentity? tls, string migrationId, CancellationToken cancellation) =>
        await QueryAsync(target, tls, migrationId, cancellation).ConfigureAwait(false) is { } reply ? reply.Known && reply.Committed : null;

    private static async Task<MigrationOutcomeReply?> QueryAsync(Uri target, TlsIdentity? tls, string migrationId, CancellationToken cancellation)
    {
        using var channel = Open(target, tls);
        try
        {
            return await new MigrationClient(channel).QueryOutcomeAsync(new MigrationOutcomeRequest { MigrationId = migrationId },
                deadline: DateTime.UtcNow.AddSeconds(3), cancellationToken: cancellation).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            return null;
        }
    }

    public void Dispose() => _channel.Dispose();

    private static GrpcChannel Open(Uri target, TlsIdentity? tls) => GrpcChannel.ForAddress(target, new GrpcChannelOptions
    {
        HttpHandler = tls?.CreateClientHandler() ?? new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        MaxReceiveMessageSize = 16 << 20,
        MaxSendMessageSize = 16 << 20,
    });

    private sealed class Link(AsyncDuplexStreamingCall<MigrationFrame, MigrationAck> call) : IMigrationLink
    {
        public Task SendAsync(WireFrame frame, CancellationToken cancellation) =>
            call.RequestStream.WriteAsync(new MigrationFrame
            {
                // Written out before the task completes, so the caller may reuse the buffer after.
                Sealed = new SealedFrame { Kind = (uint)frame.Kind, Sequence = frame.Sequence, Payload = UnsafeByteOperations.UnsafeWrap(frame.Payload) },
            }, cancellation);

        public async Task<WireFrame?> ReceiveAsync(CancellationToken cancellation)
        {
            if (!await call.ResponseStream.MoveNext(cancellation).ConfigureAwait(false))
            {
                return null;
            }

            var sealedFrame = call.ResponseStream.Current.Sealed
                ?? throw new MigrationFailure(MigrationStage.Copy, "target sent a second Hello reply inside the migration stream");
            return new WireFrame((FrameKind)sealedFrame.Kind, sealedFrame.Sequence, sealedFrame.Payload.Memory);
        }

        public Task CompleteAsync() => call.RequestStream.CompleteAsync();

        public ValueTask DisposeAsync()
        {
            call.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
