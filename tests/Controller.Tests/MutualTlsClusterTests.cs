using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Ivm.Cluster.V1;
using Ivm.Security;
using Ivm.Tests.Shared;
using Xunit;

namespace Ivm.Controller.Tests;

/// <summary>
/// A whole cluster on the certificates of hpvm cluster init: controller and agents serve TLS and
/// call each other with their own certificates, hpvm works with the admin's, and the controller
/// refuses a client with no certificate or one from another CA.
/// </summary>
public sealed class MutualTlsClusterTests
{
    [Fact]
    public async Task EveryConnectionIsMutualTlsAndStrangersAreRefused()
    {
        string root = TestDirectories.NewTemporary("controller-tls");
        string tls = Path.Combine(root, "tls");
        var init = Hpvm(tls, "cluster", "init", "--dir", tls, "--hosts", "2");
        Assert.True(init.ExitCode == 0, init.Stderr);

        await using var controller = await Component.StartControllerAsync(Path.Combine(root, "controller"), "--tls-dir", tls);
        Assert.StartsWith("https://", controller.Url, StringComparison.Ordinal);
        await using var host1 = await Component.StartHostAsync(Path.Combine(root, "host1"), "host1", controller.Url, "--tls-dir", tls);
        await using var host2 = await Component.StartHostAsync(Path.Combine(root, "host2"), "host2", controller.Url, "--tls-dir", tls);

        using var admin = TlsIdentity.Load(tls, "admin");
        using var channel = GrpcChannel.ForAddress(controller.Url, new GrpcChannelOptions { HttpHandler = admin.CreateClientHandler() });
        var cluster = new Cluster.V1.Cluster.ClusterClient(channel);
        await Eventually.HoldsAsync(async () => (await cluster.ListHostsAsync(new ListHostsRequest())).Hosts, h => h.Count(x => x.State == HostState.Up) == 2,
            TimeSpan.FromSeconds(30), "both hosts registered over TLS");

        // hpvm with the admin certificate: create, start (the controller calls the agent over TLS),
        // and the console relayed back.
        Assert.Equal(0, Hpvm(tls, "--controller", controller.Url, "create", "-P", "secure", "-r", "64M", "-i", Component.Counter).ExitCode);
        var started = Hpvm(tls, "--controller", controller.Url, "start", "-P", "secure");
        Assert.True(started.ExitCode == 0, started.Stderr);
        await Eventually.HoldsAsync(() => Task.FromResult(Hpvm(tls, "--controller", controller.Url, "console", "-P", "secure", "-q", "-c", "cl").Stdout),
            log => log.StartsWith("count 0\ncount 1\n", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the console over TLS");

        // No certificate: refused in the handshake (the server is still checked against the CA).
        using (var bare = new SocketsHttpHandler())
        {
            bare.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && admin.Trusts(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
            await AssertRefusedAsync(controller.Url, bare);
        }

        // A certificate from another CA: refused too.
        string other = Path.Combine(root, "other");
        ClusterAuthority.Initialize(other, ["controller"], ["admin"], [], TimeSpan.FromDays(1));
        using var stranger = TlsIdentity.Load(other, "admin");
        using var strange = stranger.CreateClientHandler();
        strange.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        await AssertRefusedAsync(controller.Url, strange);

        var refused = Hpvm(other, "--controller", controller.Url, "status");
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("hpvm status: ", refused.Stderr, StringComparison.Ordinal);

        await host1.KillAsync();
        await host2.KillAsync();
        await controller.KillAsync();
        Directory.Delete(root, recursive: true);
    }

    private static async Task AssertRefusedAsync(string url, HttpMessageHandler handler)
    {
        using var channel = GrpcChannel.ForAddress(url, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = false });
        var client = new Cluster.V1.Cluster.ClusterClient(channel);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.ListGuestsAsync(new ListGuestsRequest(), deadline: DateTime.UtcNow.AddSeconds(10)));
        // TLS 1.3 judges the client's certificate after the client's side of the handshake is done,
        // so the refusal reaches the call either as a failed connection or as a reset stream.
        Assert.True(error.StatusCode is StatusCode.Unavailable or StatusCode.Internal, $"expected a refused connection, got {error.Status}");
    }

    private static (int ExitCode, string Stdout, string Stderr) Hpvm(string tls, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Component.Built("Cli", "hpvm.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["IVM_TLS_DIR"] = tls;
        start.Environment["IVM_HOME"] = Path.GetDirectoryName(tls)!;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
