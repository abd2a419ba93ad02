using System.Buffers.Binary;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Ivm.Host.Guests;
using Ivm.Migration;
using Ivm.Migration.V1;
using MigrationServiceBase = Ivm.Migration.V1.Migration.MigrationBase;

namespace Ivm.Host.Api;

/// <summary>
/// The target's end of a migration (proto/migration.proto, docs/migration.md): checks the Hello
/// (format, emulator, token, name, admission) before anything else, answers with its key share,
/// then opens every frame in order and builds the guest aside; at the commit the guest appears
/// here and runs. A frame that fails to open, a stream that ends early, or an Abort discards
/// everything received.
/// </summary>
internal sealed class MigrationService(Hypervisor hypervisor) : MigrationServiceBase
{
    public override Task<ExpectMigrationReply> Expect(ExpectMigrationRequest request, ServerCallContext context)
    {
        if (!GuestStore.IsMigrationId(request.MigrationId) || request.Token.Length == 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"expect migration: a migration_id of 1-64 letters, digits, '-' or '_' and a token are required (got id '{request.MigrationId}', {request.Token.Length}-byte token)"));
        }

        hypervisor.ExpectMigration(request.MigrationId, request.Token.ToByteArray());
        return Task.FromResult(new ExpectMigrationReply());
    }

    public override Task<MigrationOutcomeReply> QueryOutcome(MigrationOutcomeRequest request, ServerCallContext context)
    {
        var (known, committed, running) = hypervisor.QueryOutcome(request.MigrationId);
        return Task.FromResult(new MigrationOutcomeReply { Known = known, Committed = committed, Running = running });
    }

    public override async Task Transfer(IAsyncStreamReader<MigrationFrame> requestStream, IServerStreamWriter<MigrationAck> responseStream, ServerCallContext context)
    {
        var cancel = context.CancellationToken;
        if (!await requestStream.MoveNext(cancel).ConfigureAwait(false) || requestStream.Current.Hello is not { } hello)
        {
            throw Refuse(StatusCode.InvalidArgument, "a migration stream starts with a Hello");
        }

        string host = hypervisor.Settings.Name;
        if (hello.FormatVersion != HelloRequest.FormatVersion || hello.EmulatorVersion != HelloRequest.EmulatorVersion)
        {
            throw Refuse(StatusCode.FailedPrecondition,
                $"host '{host}' cannot receive guest '{hello.GuestName}': the source speaks migration format {hello.FormatVersion} with emulator {hello.EmulatorVersion}; this host speaks format {HelloRequest.FormatVersion} with emulator {HelloRequest.EmulatorVersion}");
        }

        bool encrypt = hypervisor.Settings.MigrationEncryption;
        if (hello.Unencrypted == encrypt)
        {
            throw Refuse(StatusCode.FailedPrecondition, encrypt
                ? $"host '{host}' accepts only encrypted migration streams, but the source '{hello.SourceHost}' runs with --migration-encryption off"
                : $"host '{host}' runs with --migration-encryption off, but the source '{hello.SourceHost}' encrypts; both agents must have the same setting");
        }

        byte[]? token = hypervisor.ExpectedToken(hello.MigrationId);
        if (token is null)
        {
            throw Refuse(StatusCode.FailedPrecondition, $"host '{host}' was not told to expect migration {hello.MigrationId} of guest '{hello.GuestName}' (the controller calls Migration.Expect with its token first)");
        }

        if (!MigrationKeys.Matches(MigrationKeys.HelloProof(token, hello.MigrationId, hello.SourcePublicKey.Span), hello.TokenProof.Span))
        {
            throw Refuse(StatusCode.PermissionDenied, $"migration {hello.MigrationId}: the source's token proof does not match the token the controller gave host '{host}'");
        }

        Hypervisor.IncomingGuest incoming;
        try
        {
            var config = Hypervisor.DeserializeConfiguration(hello.GuestConfig.ToByteArray());
            if (config.Name != hello.GuestName)
            {
                throw new HostRefusal(RefusalKind.InvalidArgument, $"the Hello names guest '{hello.GuestName}' but its configuration names '{config.Name}'");
            }

            incoming = hypervisor.ReserveIncoming(hello.MigrationId, config, hello.Online);
        }
        catch (HostRefusal e)
        {
            throw Refuse(e.Kind == RefusalKind.InvalidArgument ? StatusCode.InvalidArgument : StatusCode.FailedPrecondition, e.Message);
        }

        using (incoming)
        using (var keys = new MigrationKeys(hello.MigrationId))
        {
            const bool bound = true;
            byte[] transcript = MigrationKeys.Transcript(hello.MigrationId, hello.SourcePublicKey.Span, keys.PublicKey, bound);
            byte[] toTarget, toSource;
            try
            {
                (toTarget, toSource) = keys.Derive(hello.SourcePublicKey.Span, transcript, token);
            }
            catch (MigrationFailure e)
            {
                throw Refuse(StatusCode.InvalidArgument, e.Message);
            }

            await responseStream.WriteAsync(new MigrationAck
            {
                Hello = new MigrationHelloReply
                {
                    TargetPublicKey = ByteString.CopyFrom(keys.PublicKey),
                    TargetProof = ByteString.CopyFrom(MigrationKeys.TargetProof(token, transcript)),
                    TokenBound = bound,
                    TargetHost = host,
                },
            }, cancel).ConfigureAwait(false);
            if (hello.CheckOnly)
            {
                // Admission and key agreement passed; the source ends the stream and nothing moves.
                while (await requestStream.MoveNext(cancel).ConfigureAwait(false))
                {
                }

                return;
            }

            using var receive = new SealedChannel(toTarget, hello.MigrationId, 0, 0, encrypt);
            using var send = new SealedChannel(toSource, hello.MigrationId, 1, 0, encrypt);
            var session = new Session(incoming, receive, send, responseStream, hello.SourceHost);
            await session.RunAsync(requestStream, cancel).ConfigureAwait(false);
        }
    }

    private static RpcException Refuse(StatusCode code, string message) => new(new Status(code, message));

    /// <summary>One incoming migration after the key agreement.</summary>
    private sealed class Session(Hypervisor.IncomingGuest incoming, SealedChannel receive, SealedChannel send,
        IServerStreamWriter<MigrationAck> acks, string source)
    {
        private byte[] _plain = new byte[PageBatch.MaxBytes];
        private MigrationStage _stage = MigrationStage.Copy;

        /// <summary>A source that goes silent this long (a partition, not a close) is given up on, so
        /// its reservation does not hold the host's capacity for ever.</summary>
        private static readonly TimeSpan SilenceLimit = TimeSpan.FromSeconds(90);

        public async Task RunAsync(IAsyncStreamReader<MigrationFrame> frames, CancellationToken cancel)
        {
            using var silence = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            try
            {
                while (true)
                {
                    silence.CancelAfter(SilenceLimit);
                    if (!await frames.MoveNext(silence.Token).ConfigureAwait(false))
                    {
                        break;
                    }

                    if (frames.Current.Sealed is not { } frame)
                    {
                        throw new MigrationFailure(_stage, "a second Hello arrived inside the migration stream");
                    }

                    int length = frame.Payload.Length - SealedChannel.TagBytes;
                    if (length > _plain.Length)
                    {
                        _plain = new byte[Math.Min(length, 64 << 20)];
                    }

                    var kind = (FrameKind)frame.Kind;
                    receive.Open(_stage, kind, frame.Sequence, frame.Payload.Span, _plain);
                    var next = Handle(kind, _plain.AsSpan(0, length));
                    switch (next)
                    {
                        case Next.Ready:
                            await SendAsync(FrameKind.Ready, [], cancel).ConfigureAwait(false);
                            break;
                        case Next.RoundDone:
                            await SendAsync(FrameKind.RoundDone, _plain.AsSpan(0, length).ToArray(), cancel).ConfigureAwait(false);
                            break;
                        case Next.Running:
                            // The guest runs here now, whatever happens to the source's link.
                            await TrySendAsync(FrameKind.Running, []).ConfigureAwait(false);
                            incoming.Start();
                            return;
                        case Next.Done:
                            return;
                    }
                }

                throw new MigrationFailure(_stage, $"the source '{source}' ended the migration stream before the commit");
            }
            catch (Exception e) when (e is MigrationFailure or InvalidDataException or HostRefusal or InvalidOperationException)
            {
                await TrySendAsync(FrameKind.Failed, Encoding.UTF8.GetBytes(e.Message)).ConfigureAwait(false);
                Console.Out.WriteLine($"ivm-host: incoming migration {incoming.MigrationId} of guest '{incoming.Config.Name}' discarded: {e.Message}");
            }
            catch (Exception e) when (e is OperationCanceledException or RpcException && silence.IsCancellationRequested && !cancel.IsCancellationRequested)
            {
                Console.Out.WriteLine($"ivm-host: incoming migration {incoming.MigrationId} of guest '{incoming.Config.Name}' discarded: the source '{source}' sent nothing for {SilenceLimit.TotalSeconds:0} s");
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or RpcException)
            {
                Console.Out.WriteLine($"ivm-host: incoming migration {incoming.MigrationId} of guest '{incoming.Config.Name}' discarded: the source's stream broke ({e.Message})");
            }
        }

        private enum Next
        {
            More,
            RoundDone,
            Ready,
            Running,
            Done,
        }

        // Synchronous, on the frame's plaintext in the reused buffer: a round allocates nothing per frame.
        private Next Handle(FrameKind kind, ReadOnlySpan<byte> plain)
        {
            switch (kind)
            {
                case FrameKind.Layout:
                    incoming.Memory.ApplyLayout(LayoutCodec.Decode(plain));
                    return Next.More;
                case FrameKind.Pages:
                    PageBatch.Install(plain, incoming.Memory);
                    return Next.More;
                case FrameKind.Console when plain.Length >= 8:
                    incoming.AppendConsole(BinaryPrimitives.ReadInt64LittleEndian(plain), plain[8..]);
                    return Next.More;
                case FrameKind.RoundEnd when plain.Length == 4:
                    // Installed up to here: the source measures the round by this answer and
                    // freezes the guest only with nothing of the round still in flight.
                    return Next.RoundDone;
                case FrameKind.ExecutionState:
                    _stage = MigrationStage.Frozen;
                    InstallState(plain);
                    return Next.Ready;
                case FrameKind.Commit when plain.Length >= 4:
                    _stage = MigrationStage.SwitchOver;
                    int late = BinaryPrimitives.ReadInt32LittleEndian(plain);
                    if (late < 0 || late > plain.Length - 4)
                    {
                        throw new InvalidDataException($"commit claims {late} bytes of console input in {plain.Length - 4}");
                    }

                    incoming.Commit(plain.Slice(4, late));
                    return Next.Running;
                case FrameKind.Abort:
                    Console.Out.WriteLine($"ivm-host: incoming migration {incoming.MigrationId} of guest '{incoming.Config.Name}' aborted by the source: {Encoding.UTF8.GetString(plain)}");
                    return Next.Done;
                default:
                    throw new MigrationFailure(_stage, $"unexpected or malformed {kind} frame ({plain.Length} bytes)");
            }
        }

        private void InstallState(ReadOnlySpan<byte> span)
        {
            if (span.Length < 4)
            {
                throw new InvalidDataException("execution state frame is truncated");
            }

            int stateLength = BinaryPrimitives.ReadInt32LittleEndian(span);
            if (stateLength < 0 || stateLength > span.Length - 16)
            {
                throw new InvalidDataException("execution state frame is truncated");
            }

            var state = span.Slice(4, stateLength);
            var rest = span[(4 + stateLength)..];
            int inputLength = BinaryPrimitives.ReadInt32LittleEndian(rest);
            if (inputLength < 0 || inputLength != rest.Length - 12)
            {
                throw new InvalidDataException("execution state frame has a malformed input section");
            }

            incoming.InstallState(state, rest.Slice(4, inputLength), BinaryPrimitives.ReadInt64LittleEndian(rest[(4 + inputLength)..]));
        }

        private async Task SendAsync(FrameKind kind, byte[] plain, CancellationToken cancel)
        {
            var sealedBytes = new byte[plain.Length + SealedChannel.TagBytes];
            ulong sequence = send.Seal(kind, plain, sealedBytes);
            await acks.WriteAsync(new MigrationAck
            {
                Sealed = new SealedFrame { Kind = (uint)kind, Sequence = sequence, Payload = UnsafeByteOperations.UnsafeWrap(sealedBytes) },
            }, cancel).ConfigureAwait(false);
        }

        private async Task TrySendAsync(FrameKind kind, byte[] plain)
        {
            try
            {
                await SendAsync(kind, plain, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or OperationCanceledException or RpcException)
            {
                // The source is gone; it asks QueryOutcome when it needs to know.
            }
        }
    }
}
