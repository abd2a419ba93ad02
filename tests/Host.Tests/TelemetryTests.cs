using System.Net;
using System.Text;
using Ivm.Host.V1;
using Xunit;

namespace Ivm.Host.Tests;

/// <summary>
/// An agent started with --otlp exports its traces and metrics to that endpoint over OTLP
/// (http/protobuf): a span per guest state change, ASP.NET Core's span per API call, and the guest
/// CPU-time metric. The receiver here is a plain HTTP listener that keeps each request body; names
/// and attribute values are strings, which protobuf carries as their UTF-8 bytes.
/// </summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task StateChangesApiCallsAndGuestCpuReachTheOtlpEndpoint()
    {
        int port = FreePort();
        using var receiver = new HttpListener();
        receiver.Prefixes.Add($"http://127.0.0.1:{port}/");
        receiver.Start();
        var bodies = new List<(string Path, byte[] Body)>();
        var pump = Task.Run(async () =>
        {
            while (receiver.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await receiver.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                lock (bodies)
                {
                    bodies.Add((context.Request.Url!.AbsolutePath, body.ToArray()));
                }

                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });

        string data = Paths.NewDataDirectory("otlp");
        var environment = new Dictionary<string, string> { ["OTEL_METRIC_EXPORT_INTERVAL"] = "300", ["OTEL_BSP_SCHEDULE_DELAY"] = "100" };
        await using (var agent = await AgentProcess.StartAsync(data, "traced", handler: null, environment, "--otlp", $"http://127.0.0.1:{port}"))
        {
            await agent.Client.CreateGuestAsync(new CreateGuestRequest { Config = Guests.Config("otel-counter", Paths.Counter) });
            await agent.Client.StartGuestAsync(new StartGuestRequest { Name = "otel-counter" });

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!(Exported("/v1/traces", "guest.state_change") && Exported("/v1/traces", "otel-counter") && Exported("/v1/traces", "/ivm.host.v1.HostAgent/StartGuest")
                && Exported("/v1/metrics", "ivm.guest.cpu.time") && Exported("/v1/metrics", "ivm.guest.instructions")))
            {
                Assert.True(DateTime.UtcNow < deadline, $"not exported within 30 s; received: {string.Join(", ", Received())}\n{agent.Output}");
                await Task.Delay(100);
            }
        }

        receiver.Stop();
        await pump;
        Directory.Delete(data, recursive: true);

        bool Exported(string path, string text)
        {
            byte[] needle = Encoding.UTF8.GetBytes(text);
            lock (bodies)
            {
                return bodies.Any(b => b.Path == path && b.Body.AsSpan().IndexOf(needle) >= 0);
            }
        }

        IEnumerable<string> Received()
        {
            lock (bodies)
            {
                return bodies.Select(b => $"{b.Path} ({b.Body.Length} bytes)").ToList();
            }
        }
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
