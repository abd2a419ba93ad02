using System.Buffers.Binary;
using System.Text;

namespace Ivm.Migration;

// The link to the target: sealing and sending frames, and the one reader of the target's
// acknowledgements (RoundDone, Ready, Running, Failed), which also notices a broken link.
public sealed partial class SourceMigration
{
    private Task SendAsync(FrameKind kind, byte[] plaintext, CancellationToken cancellation) => SendAsync(kind, plaintext.AsSpan(), cancellation);

    private Task SendAsync(FrameKind kind, ReadOnlySpan<byte> plaintext, CancellationToken cancellation)
    {
        if (_broken.Task.IsCompleted)
        {
            throw _broken.Task.Result;
        }

        int length = plaintext.Length + SealedChannel.TagBytes;
        byte[] buffer = length <= _sealed.Length ? _sealed : new byte[length];
        ulong sequence = _send!.Seal(kind, plaintext, buffer);
        _wireBytes += (ulong)length;
        return SendSealedAsync(new WireFrame(kind, sequence, buffer.AsMemory(0, length)), cancellation);
    }

    private async Task SendSealedAsync(WireFrame frame, CancellationToken cancellation)
    {
        try
        {
            await _link!.SendAsync(frame, cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (cancellation.IsCancellationRequested)
        {
            // The transport reports a cancelled write its own way (gRPC: an RpcException).
            throw new OperationCanceledException("cancelled", e, cancellation);
        }
        catch (Exception e) when (e is not OperationCanceledException and not MigrationFailure)
        {
            if (_broken.Task.IsCompleted)
            {
                throw _broken.Task.Result;
            }

            throw new MigrationFailure(_stage, $"connection to target '{_options.TargetHost}' lost during {Where()}: {e.Message}", inner: e);
        }
    }

    private async Task ReadAcknowledgementsAsync()
    {
        var plain = new byte[64 * 1024];
        try
        {
            while (await _link!.ReceiveAsync(CancellationToken.None).ConfigureAwait(false) is { } frame)
            {
                if (frame.Payload.Length - SealedChannel.TagBytes > plain.Length)
                {
                    throw new MigrationFailure(_stage, $"target sent a {frame.Payload.Length}-byte acknowledgement; migration traffic was tampered with");
                }

                _receive!.Open(_stage, frame.Kind, frame.Sequence, frame.Payload.Span, plain);
                int length = frame.Payload.Length - SealedChannel.TagBytes;
                switch (frame.Kind)
                {
                    case FrameKind.Ready:
                        _ready.TrySetResult();
                        break;
                    case FrameKind.Running:
                        _running.TrySetResult();
                        break;
                    case FrameKind.RoundDone when length == 4 && BinaryPrimitives.ReadInt32LittleEndian(plain) == Volatile.Read(ref _round):
                        Volatile.Read(ref _roundDone)?.TrySetResult();
                        break;
                    case FrameKind.Failed:
                        throw new MigrationFailure(_stage, $"target '{_options.TargetHost}' gave up during {Where()}: {Encoding.UTF8.GetString(plain, 0, length)}");
                    default:
                        throw new MigrationFailure(_stage, $"target sent an unexpected {frame.Kind} frame");
                }
            }

            if (!_options.CheckOnly)
            {
                throw new MigrationFailure(_stage, $"target '{_options.TargetHost}' closed the connection during {Where()}");
            }
        }
        catch (Exception e)
        {
            var failure = e as MigrationFailure
                ?? new MigrationFailure(_stage, $"connection to target '{_options.TargetHost}' lost during {Where()}: {e.Message}", inner: e);
            _broken.TrySetResult(failure);
            Volatile.Read(ref _roundDone)?.TrySetException(failure);
            _ready.TrySetException(failure);
            _running.TrySetException(failure);
        }
    }

    private async Task WaitAsync(Task task, TimeSpan timeout, string what, CancellationToken cancellation)
    {
        try
        {
            await task.WaitAsync(timeout, cancellation).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new MigrationFailure(_stage, $"{MigrationFailure.Name(_stage)} phase timed out after {timeout.TotalSeconds:0.#} s waiting for {what}");
        }
    }
}
