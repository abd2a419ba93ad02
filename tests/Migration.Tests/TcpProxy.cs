using System.Net;
using System.Net.Sockets;

namespace Ivm.Migration.Tests;

/// <summary>
/// A loopback TCP relay put between a source agent and a target agent: it can record every byte
/// (both directions), flip one byte of the source-to-target stream at a given position, and cut
/// every connection (refusing new ones) on demand.
/// </summary>
internal sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _connections = [];
    private readonly MemoryStream _recorded = new();
    private readonly Task _accepting;
    private long _forwarded;

    public TcpProxy(Uri target)
    {
        _targetPort = target.Port;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    public bool Record { get; init; }

    /// <summary>Flip the byte at this position of the source-to-target bytes (all connections together).</summary>
    public long? FlipAt { get; init; }

    public long ForwardedToTarget => Interlocked.Read(ref _forwarded);

    public byte[] Recorded
    {
        get
        {
            lock (_recorded)
            {
                return _recorded.ToArray();
            }
        }
    }

    /// <summary>Holds every target-to-source byte this long (bandwidth kept, latency added).</summary>
    public TimeSpan DelayToSource { get; init; }

    /// <summary>While set, a new connection is reset as soon as it is accepted: the target is
    /// unreachable through this proxy, and reachable again when it is cleared.</summary>
    public bool Refusing { get; set; }

    /// <summary>Closes every connection and refuses new ones: the link is gone.</summary>
    public void Cut()
    {
        _stop.Cancel();
        _listener.Stop();
        Break();
    }

    /// <summary>Resets the connections open now, bytes in flight included; new ones are accepted.</summary>
    public void Break()
    {
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                Reset(connection);
            }

            _connections.Clear();
        }
    }

    // A reset, as a broken link looks to both ends.
    private static void Reset(TcpClient connection)
    {
        try
        {
            connection.Client?.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

        connection.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        Cut();
        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient source;
            try
            {
                source = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            if (Refusing)
            {
                Reset(source);
                continue;
            }

            var target = new TcpClient();
            await target.ConnectAsync(IPAddress.Loopback, _targetPort).ConfigureAwait(false);
            lock (_connections)
            {
                _connections.Add(source);
                _connections.Add(target);
            }

            _ = PumpAsync(source, target, toTarget: true);
            _ = DelayToSource > TimeSpan.Zero ? DelayedPumpAsync(target, source) : PumpAsync(target, source, toTarget: false);
        }
    }

    private async Task DelayedPumpAsync(TcpClient from, TcpClient to)
    {
        var queue = System.Threading.Channels.Channel.CreateUnbounded<(long Due, byte[] Bytes)>();
        var writer = Task.Run(async () =>
        {
            try
            {
                var output = to.GetStream();
                await foreach (var (due, bytes) in queue.Reader.ReadAllAsync(_stop.Token))
                {
                    var wait = TimeSpan.FromMilliseconds(due - Environment.TickCount64);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, _stop.Token);
                    }

                    await output.WriteAsync(bytes, _stop.Token);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
            }
        });
        var buffer = new byte[64 * 1024];
        try
        {
            var input = from.GetStream();
            int n;
            while ((n = await input.ReadAsync(buffer, _stop.Token)) > 0)
            {
                queue.Writer.TryWrite((Environment.TickCount64 + (long)DelayToSource.TotalMilliseconds, buffer[..n]));
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
        }
        finally
        {
            queue.Writer.TryComplete();
            await writer;
            from.Dispose();
            to.Dispose();
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, bool toTarget)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            var input = from.GetStream();
            var output = to.GetStream();
            int n;
            while ((n = await input.ReadAsync(buffer, _stop.Token).ConfigureAwait(false)) > 0)
            {
                if (toTarget)
                {
                    long start = Interlocked.Add(ref _forwarded, n) - n;
                    if (FlipAt is { } at && at >= start && at < start + n)
                    {
                        buffer[at - start] ^= 0x5a;
                    }
                }

                if (Record)
                {
                    lock (_recorded)
                    {
                        _recorded.Write(buffer, 0, n);
                    }
                }

                await output.WriteAsync(buffer.AsMemory(0, n), _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
