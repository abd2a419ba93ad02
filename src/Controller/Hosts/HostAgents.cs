using System.Collections.Concurrent;
using Grpc.Net.Client;
using Ivm.Host.V1;
using Ivm.Security;

namespace Ivm.Controller.Hosts;

/// <summary>
/// gRPC clients of the host agents, one channel per address, kept for the controller's life; with
/// the cluster's TLS identity when the controller has one (agents then require it).
/// </summary>
internal sealed class HostAgents(TlsIdentity? tls) : IDisposable
{
    private readonly ConcurrentDictionary<string, GrpcChannel> _channels = new(StringComparer.Ordinal);

    public HostAgent.HostAgentClient For(string address) => new(Channel(address));

    /// <summary>The agent's migration service (proto/migration.proto), on the same channel.</summary>
    public Ivm.Migration.V1.Migration.MigrationClient MigrationOf(string address) => new(Channel(address));

    private GrpcChannel Channel(string address) =>
        _channels.GetOrAdd(address, a => GrpcChannel.ForAddress(a, new GrpcChannelOptions
        {
            HttpHandler = tls?.CreateClientHandler() ?? new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        }));

    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }
    }
}
