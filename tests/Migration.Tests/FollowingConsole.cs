using System.Text;
using Grpc.Core;
using Ivm.Host.V1;

namespace Ivm.Migration.Tests;

/// <summary>
/// Watches one guest's console by offset, as a controller relaying WatchConsole does: from one
/// agent, then — after the guest moved — from the next agent at the offset reached, checking every
/// chunk continues exactly where the previous ended (nothing lost, nothing twice).
/// </summary>
internal sealed class FollowingConsole : IAsyncDisposable
{
    private readonly string _name;
    private readonly MemoryStream _bytes = new();
    private readonly SemaphoreSlim _changed = new(0);
    private CancellationTokenSource _cancel = new();
    private Task _pump = Task.CompletedTask;
    private long _next;
    private string? _error;

    public FollowingConsole(HostAgent.HostAgentClient client, string name)
    {
        _name = name;
        Follow(client);
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

    /// <summary>The numbers of the complete "seq N" lines so far.</summary>
    public List<long> Numbers => [.. Text.Split('\n')[..^1].Where(l => l.StartsWith("seq ", StringComparison.Ordinal)).Select(l => long.Parse(l[4..]))];

    /// <summary>Stops following the old agent and follows <paramref name="client"/> from the offset reached.</summary>
    public async Task SwitchToAsync(HostAgent.HostAgentClient client)
    {
        await _cancel.CancelAsync();
        await _pump;
        _cancel.Dispose();
        _cancel = new CancellationTokenSource();
        Follow(client);
    }

    /// <summary>Waits until at least <paramref name="more"/> new "seq" lines have arrived.</summary>
    public async Task WaitForMoreAsync(int more, TimeSpan timeout)
    {
        int wanted = Numbers.Count + more;
        var deadline = DateTime.UtcNow + timeout;
        while (Numbers.Count < wanted)
        {
            if (_error is not null)
            {
                throw new InvalidOperationException(_error);
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"console of '{_name}' did not show {more} more lines in {timeout.TotalSeconds} s; it shows:\n{Tail}");
            }

            await _changed.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    public string Tail => Text.Length > 400 ? Text[^400..] : Text;

    /// <summary>Every number exactly once and in order, and no checksum error.</summary>
    public void AssertContinuous()
    {
        Assert.Null(_error);
        Assert.DoesNotContain("CHECKSUM ERROR", Text, StringComparison.Ordinal);
        var numbers = Numbers;
        for (int i = 0; i < numbers.Count; i++)
        {
            Assert.True(numbers[i] == i, $"line {i} of the console shows seq {numbers[i]}, expected {i}; around it: {string.Join(",", numbers.Skip(Math.Max(0, i - 3)).Take(7))}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cancel.CancelAsync();
        await _pump;
        _cancel.Dispose();
    }

    private void Follow(HostAgent.HostAgentClient client)
    {
        var call = client.WatchConsole(new WatchConsoleRequest { Name = _name, Offset = (ulong)_next, Follow = true }, cancellationToken: _cancel.Token);
        _pump = PumpAsync(call, _cancel.Token);
    }

    private async Task PumpAsync(AsyncServerStreamingCall<ConsoleChunk> call, CancellationToken cancel)
    {
        try
        {
            await foreach (var chunk in call.ResponseStream.ReadAllAsync(cancel))
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
        catch (RpcException) when (cancel.IsCancellationRequested)
        {
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
        {
            // The followed agent went away (a test killed it): what arrived stays; a switch
            // continues from there.
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            // The guest left this agent; the test switches to the next one.
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            call.Dispose();
        }
    }
}
