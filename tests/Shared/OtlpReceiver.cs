using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ivm.Tests.Shared;

/// <summary>
/// A plain HTTP listener standing in for an OTLP collector (http/protobuf): it keeps every request
/// body by path. Names and attribute values are protobuf strings, carried as their UTF-8 bytes, so
/// a test can look for them without decoding OTLP.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<(string Path, byte[] Body)> _bodies = [];
    private readonly Task _pump;

    public OtlpReceiver()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
        }

        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _pump = Task.Run(PumpAsync);
    }

    public string Url { get; }

    /// <summary>Whether a body posted to <paramref name="path"/> (/v1/traces, /v1/metrics) contains <paramref name="text"/>.</summary>
    public bool Received(string path, string text)
    {
        byte[] needle = Encoding.UTF8.GetBytes(text);
        lock (_bodies)
        {
            return _bodies.Any(b => b.Path == path && b.Body.AsSpan().IndexOf(needle) >= 0);
        }
    }

    public override string ToString()
    {
        lock (_bodies)
        {
            return string.Join(", ", _bodies.Select(b => $"{b.Path} ({b.Body.Length} bytes)"));
        }
    }

    private async Task PumpAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                lock (_bodies)
                {
                    _bodies.Add((context.Request.Url!.AbsolutePath, body.ToArray()));
                }

                context.Response.StatusCode = 200;
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException)
            {
                // Stopped (disposed) while this request was being answered.
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _pump;
        _listener.Close();
    }
}
