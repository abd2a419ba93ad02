using System.Threading.Channels;
using Ivm.Controller.Grains;
using Ivm.Migration.V1;

namespace Ivm.Controller.Migrations;

/// <summary>
/// One migration this controller process drives: the progress it relays to whoever started it (a
/// caller that leaves stops listening; the migration goes on), and its cancellation.
/// </summary>
internal sealed class MigrationRun(string guest) : IMigrationCanceller, IDisposable
{
    private readonly Channel<MigrationProgress> _relay = Channel.CreateUnbounded<MigrationProgress>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _cancel = new();

    public string Guest { get; } = guest;

    /// <summary>Known once the grain has accepted the migration.</summary>
    public string MigrationId { get; set; } = "";

    public CancellationToken Cancelled => _cancel.Token;

    /// <summary>Progress, then the last message with the result.</summary>
    public ChannelReader<MigrationProgress> Progress => _relay.Reader;

    /// <summary>Set when the source agent refused before sending anything: the caller gets this status.</summary>
    public Grpc.Core.StatusCode? Refusal { get; set; }

    public Task Ended => _ended.Task;

    public Task Cancel()
    {
        _cancel.Cancel();
        return Task.CompletedTask;
    }

    public void Publish(MigrationProgress progress) => _relay.Writer.TryWrite(progress);

    /// <summary>The caller stopped listening: what follows is not kept for it.</summary>
    public void Detach()
    {
        _relay.Writer.TryComplete();
        while (_relay.Reader.TryRead(out _))
        {
        }
    }

    public void End()
    {
        _relay.Writer.TryComplete();
        _ended.TrySetResult();
    }

    public void Dispose() => _cancel.Dispose();
}
