using Grpc.Net.Client;
using Ivm.Cluster.V1;
using Ivm.Tests.Shared;

namespace Ivm.Controller.Tests;

/// <summary>A real controller and two real agents, host1 and host2 (one core each), both Up, and a
/// client of the cluster API; disposing kills them and deletes their data.</summary>
internal sealed class TwoHosts : IAsyncDisposable
{
    private readonly string _root;
    private readonly GrpcChannel _channel;

    private TwoHosts(string root, Component controller, Component host1, Component host2)
    {
        (_root, Controller, Host1, Host2) = (root, controller, host1, host2);
        _channel = GrpcChannel.ForAddress(controller.Url);
        Cluster = new Cluster.V1.Cluster.ClusterClient(_channel);
    }

    public Component Controller { get; }

    public Component Host1 { get; }

    public Component Host2 { get; }

    public Cluster.V1.Cluster.ClusterClient Cluster { get; }

    public static async Task<TwoHosts> StartAsync(string purpose, string host2Memory = "512M")
    {
        string root = TestDirectories.NewTemporary(purpose);
        var controller = await Component.StartControllerAsync(Path.Combine(root, "controller"));
        var host1 = await Component.StartHostAsync(Path.Combine(root, "host1"), "host1", controller.Url, "--memory", "512M", "--cores", "1");
        var host2 = await Component.StartHostAsync(Path.Combine(root, "host2"), "host2", controller.Url, "--memory", host2Memory, "--cores", "1");
        var hosts = new TwoHosts(root, controller, host1, host2);
        await Eventually.HoldsAsync(async () => (await hosts.Cluster.ListHostsAsync(new ListHostsRequest())).Hosts,
            h => h.Count(x => x.State == HostState.Up) == 2, TimeSpan.FromSeconds(30), "two hosts up");
        return hosts;
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await Host1.DisposeAsync();
        await Host2.DisposeAsync();
        await Controller.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}
