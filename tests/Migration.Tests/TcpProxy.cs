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

    /// <summary>Closes every connection and refuses new ones: the link is gone.</summary>
    public void Cut()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Client.LingerState = new LingerOption(true, 0);
                connection.Dispose();
            }
        }
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

            var target = new TcpClient();
            await target.ConnectAsync(IPAddress.Loopback, _targetPort).ConfigureAwait(false);
            lock (_connections)
            {
                _connections.Add(source);
                _connections.Add(target);
            }

            _ = PumpAsync(source, target, toTarget: true);
            _ = PumpAsync(target, source, toTarget: false);
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
