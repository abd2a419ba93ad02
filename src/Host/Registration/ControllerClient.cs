using Grpc.Net.Client;
using Ivm.Cluster.V1;
using Ivm.Security;

namespace Ivm.Host.Registration;

/// <summary>The agent's channel to the controller's cluster API (with the cluster's TLS identity when it has one).</summary>
internal sealed class ControllerClient(Uri address, TlsIdentity? tls) : IDisposable
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
    {
        HttpHandler = tls?.CreateClientHandler() ?? new SocketsHttpHandler(),
    });

    public Uri Address { get; } = address;

    public Cluster.V1.Cluster.ClusterClient Client => new(_channel);

    public void Dispose() => _channel.Dispose();
}
