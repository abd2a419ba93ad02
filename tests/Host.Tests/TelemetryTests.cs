using Ivm.Host.V1;
using Ivm.Tests.Shared;
using Xunit;

namespace Ivm.Host.Tests;

/// <summary>
/// An agent started with --otlp exports its traces and metrics to that endpoint over OTLP
/// (http/protobuf): a span per guest state change, ASP.NET Core's span per API call, and the guest
/// CPU-time and instruction metrics, as a plain HTTP receiver sees them.
/// </summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task StateChangesApiCallsAndGuestCpuReachTheOtlpEndpoint()
    {
        await using var receiver = new OtlpReceiver();
        string data = Paths.NewDataDirectory("otlp");
        var environment = new Dictionary<string, string> { ["OTEL_METRIC_EXPORT_INTERVAL"] = "300", ["OTEL_BSP_SCHEDULE_DELAY"] = "100" };
        await using (var agent = await AgentProcess.StartAsync(data, "traced", handler: null, environment, "--otlp", receiver.Url))
        {
            await agent.Client.CreateGuestAsync(new CreateGuestRequest { Config = Guests.Config("otel-counter", Paths.Counter) });
            await agent.Client.StartGuestAsync(new StartGuestRequest { Name = "otel-counter" });

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!(receiver.Received("/v1/traces", "guest.state_change") && receiver.Received("/v1/traces", "otel-counter")
                && receiver.Received("/v1/traces", "/ivm.host.v1.HostAgent/StartGuest")
                && receiver.Received("/v1/metrics", "ivm.guest.cpu.time") && receiver.Received("/v1/metrics", "ivm.guest.instructions")))
            {
                Assert.True(DateTime.UtcNow < deadline, $"not exported within 30 s; received: {receiver}\n{agent.Output}");
                await Task.Delay(100);
            }
        }

        Directory.Delete(data, recursive: true);
    }
}
