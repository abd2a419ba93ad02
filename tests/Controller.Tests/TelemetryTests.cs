using Grpc.Net.Client;
using Ivm.Cluster.V1;
using Ivm.Tests.Shared;
using Xunit;

namespace Ivm.Controller.Tests;

/// <summary>
/// A controller started with --otlp exports a span per guest state change it records, ASP.NET
/// Core's span per API call and its placement and state-change counters, as a plain HTTP receiver
/// standing in for a collector sees them.
/// </summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task StateChangesPlacementsAndApiCallsReachTheOtlpEndpoint()
    {
        await using var receiver = new OtlpReceiver();
        string root = TestDirectories.NewTemporary("controller-otlp");
        var environment = new Dictionary<string, string> { ["OTEL_METRIC_EXPORT_INTERVAL"] = "300", ["OTEL_BSP_SCHEDULE_DELAY"] = "100" };
        await using var controller = await Component.StartControllerAsync(Path.Combine(root, "controller"), environment, "--otlp", receiver.Url);
        await using var host = await Component.StartHostAsync(Path.Combine(root, "host1"), "host1", controller.Url);
        using var channel = GrpcChannel.ForAddress(controller.Url);
        var cluster = new Cluster.V1.Cluster.ClusterClient(channel);
        await Eventually.HoldsAsync(async () => (await cluster.ListHostsAsync(new ListHostsRequest())).Hosts, h => h.Count == 1, TimeSpan.FromSeconds(30), "the host");
        await cluster.CreateGuestAsync(new CreateGuestRequest { Config = new GuestConfig { Name = "traced", MemoryBytes = 32 << 20, ImagePath = Component.Counter } });
        await cluster.StartGuestAsync(new StartGuestRequest { Name = "traced" });

        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Received("/v1/traces", "guest.state_change") && receiver.Received("/v1/traces", "traced")
                && receiver.Received("/v1/traces", "/ivm.cluster.v1.Cluster/StartGuest")
                && receiver.Received("/v1/metrics", "ivm.guest.state_changes") && receiver.Received("/v1/metrics", "ivm.guest.placements")),
            exported => exported, TimeSpan.FromSeconds(30), $"the controller's telemetry (received: {receiver})");

        await host.KillAsync();
        await controller.KillAsync();
        Directory.Delete(root, recursive: true);
    }
}
