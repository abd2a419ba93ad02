using Grpc.Net.Client;
using Ivm.Security;

namespace Ivm.Host.Registration;

/// <summary>
/// The agent's channels to the controller's cluster API (with the cluster's TLS identity when it has
/// one): one per controller silo given, the current one used until it fails, then the next.
/// </summary>
internal sealed class ControllerClient(IReadOnlyList<Uri> addresses, TlsIdentity? tls) : IDisposable
{
    private readonly GrpcChannel[] _channels = [.. addresses.Select(address => GrpcChannel.ForAddress(address, new GrpcChannelOptions
    {
        HttpHandler = tls?.CreateClientHandler() ?? new SocketsHttpHandler(),
    }))];

    private int _current;

    public Uri Address => addresses[_current];

    public Cluster.V1.Cluster.ClusterClient Client => new(_channels[_current]);

    /// <summary>After a failed call: use the next controller silo (the same one when there is only one).</summary>
    public void Next() => _current = (_current + 1) % _channels.Length;

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }
}
