using System.Text;
using Grpc.Core;
using Ivm.Host.V1;

namespace Ivm.Host.Tests;

/// <summary>
/// Follows one guest's console through WatchConsole from an offset, checking that every chunk
/// starts exactly where the previous one ended (nothing lost, nothing repeated).
/// </summary>
internal sealed class ConsoleWatcher : IAsyncDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly MemoryStream _bytes = new();
    private readonly Task _pump;
    private readonly SemaphoreSlim _changed = new(0);
    private long _next;
    private string? _error;

    public ConsoleWatcher(HostAgent.HostAgentClient client, string name, ulong offset = 0)
    {
        _next = (long)offset;
        var call = client.WatchConsole(new WatchConsoleRequest { Name = name, Offset = offset, Follow = true }, cancellationToken: _cancel.Token);
        _pump = PumpAsync(call);
    }

    public string Text
    {
        get
        {
            lock (_bytes)
            {
                return Encoding.UTF8.GetString(_bytes.GetBuffer(), 0, (int)_bytes.Length);
            }
        }
    }

    public string[] Lines => Text.Split('\n')[..^1];

    /// <summary>Waits until the text satisfies <paramref name="done"/>; throws with the text on timeout.</summary>
    public async Task WaitForAsync(Func<string, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done(Text))
        {
            if (_error is not null)
            {
                throw new InvalidOperationException(_error);
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"console did not show what was expected in {timeout.TotalSeconds} s; it shows:\n{Text}");
            }

            await _changed.WaitAsync(left).ConfigureAwait(false);
        }
    }

    public Task WaitForLinesAsync(int count, TimeSpan timeout) =>
        WaitForAsync(text => text.Count(c => c == '\n') >= count, timeout);

    private async Task PumpAsync(AsyncServerStreamingCall<ConsoleChunk> call)
    {
        try
        {
            await foreach (var chunk in call.ResponseStream.ReadAllAsync(_cancel.Token).ConfigureAwait(false))
            {
                if ((long)chunk.Offset != _next)
                {
                    _error = $"chunk at offset {chunk.Offset} but {_next} was expected next";
                    break;
                }

                lock (_bytes)
                {
                    _bytes.Write(chunk.Data.Span);
                }

                _next += chunk.Data.Length;
                _changed.Release();
            }
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled || _cancel.IsCancellationRequested)
        {
            // Stopped by DisposeAsync: a cancellation racing the read can also surface as an
            // aborted request (Unavailable) rather than Cancelled.
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            call.Dispose();
            _changed.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cancel.CancelAsync().ConfigureAwait(false);
        await _pump.ConfigureAwait(false);
        _cancel.Dispose();
        _changed.Dispose();
    }
}
