using System.Security.Authentication;
using Grpc.Core;
using Grpc.Net.Client;
using Ivm.Host.V1;
using Ivm.Security;
using Xunit;

namespace Ivm.Host.Tests;

/// <summary>
/// An agent started with --tls-dir serves TLS with its certificate from the cluster CA and refuses
/// every client that does not present one from the same CA: none at all, or one from another CA.
/// The certificates come from the same code as <c>hpvm cluster init</c>.
/// </summary>
public sealed class MutualTlsTests : IAsyncLifetime
{
    private string _root = null!;
    private string _tls = null!;
    private AgentProcess _agent = null!;
    private TlsIdentity _admin = null!;

    public async Task InitializeAsync()
    {
        _root = Paths.NewDataDirectory("tls");
        _tls = Path.Combine(_root, "tls");
        ClusterAuthority.Initialize(_tls, ["controller", "host1"], ["admin"], [], TimeSpan.FromDays(1));
        _admin = TlsIdentity.Load(_tls, "admin");
        _agent = await AgentProcess.StartAsync(Path.Combine(_root, "data"), "host1", _admin.CreateClientHandler(), "--tls-dir", _tls);
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        _admin.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task AClientWithAClusterCertificateIsServed()
    {
        Assert.StartsWith("https://", _agent.Address, StringComparison.Ordinal);
        var info = await _agent.Client.GetHostInfoAsync(new GetHostInfoRequest());
        Assert.Equal("host1", info.Name);
    }

    [Fact]
    public async Task AClientWithoutACertificateIsRefused()
    {
        // The server's certificate is still checked against the cluster CA: only the client side is missing.
        using var authority = TlsIdentity.Load(_tls, "controller");
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            authority.Trusts(certificate is null ? null : System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
        await AssertRefusedAsync(handler);
    }

    [Fact]
    public async Task AClientWithACertificateFromAnotherCaIsRefused()
    {
        string other = Path.Combine(_root, "other-ca");
        ClusterAuthority.Initialize(other, ["host1"], ["admin"], [], TimeSpan.FromDays(1));
        using var stranger = TlsIdentity.Load(other, "admin");
        using var handler = stranger.CreateClientHandler();
        // The stranger trusts only its own CA, so accept the agent's certificate here to reach the
        // point where the agent judges the client's.
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        await AssertRefusedAsync(handler);
    }

    private async Task AssertRefusedAsync(HttpMessageHandler handler)
    {
        using var channel = GrpcChannel.ForAddress(_agent.Address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = false });
        var client = new HostAgent.HostAgentClient(channel);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.GetHostInfoAsync(new GetHostInfoRequest(), deadline: DateTime.UtcNow.AddSeconds(10)));
        // TLS 1.3 judges the client's certificate after the client's side of the handshake is done,
        // so the refusal reaches the call either as a failed connection or as a reset stream.
        Assert.True(error.StatusCode is StatusCode.Unavailable or StatusCode.Internal, $"expected a refused connection, got {error.Status}");
        Assert.True(error.Status.DebugException is HttpRequestException or AuthenticationException or IOException,
            $"expected a refused TLS handshake, got {error.Status.DebugException}");
    }
}
