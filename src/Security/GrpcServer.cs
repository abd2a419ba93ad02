using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ivm.Security;

/// <summary>
/// The server side both the controller and the host agents share: their listening address and
/// TLS identity checked with one-line errors, Kestrel on HTTP/2 (with mutual TLS when there is an
/// identity), and the "listening on" line printed once bound, which scripts and tests wait for.
/// </summary>
public static class GrpcServer
{
    /// <summary>
    /// Parses <paramref name="addressText"/> and loads <paramref name="identity"/>'s certificate
    /// from <paramref name="tlsDirectory"/> (when given); on a bad value prints one line prefixed with
    /// <paramref name="program"/> and returns false.
    /// </summary>
    public static bool TryPrepare(string program, string addressText, string? tlsDirectory, string identity,
        out IPAddress address, out TlsIdentity? tls)
    {
        tls = null;
        if (!IPAddress.TryParse(addressText, out address!))
        {
            Console.Error.WriteLine($"{program}: --address {addressText}: must be an IP address (e.g. 127.0.0.1 or 0.0.0.0)");
            return false;
        }

        if (tlsDirectory is not null)
        {
            try
            {
                tls = TlsIdentity.Load(tlsDirectory, identity);
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine($"{program}: --tls-dir {tlsDirectory}: {e.Message}");
                return false;
            }
        }

        return true;
    }

    /// <summary>A slim web application (the caller adds gRPC) listening on <paramref name="address"/>:<paramref name="port"/> (0: any free port) for gRPC.</summary>
    public static WebApplicationBuilder CreateBuilder(IPAddress address, int port, TlsIdentity? tls)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Every console watcher is a stream: many over one connection must not queue behind
            // HTTP/2's default of 100 concurrent streams.
            kestrel.Limits.Http2.MaxStreamsPerConnection = 4096;
            // A migration stream carries hundreds of MB/s: windows of a few MB let the source keep
            // sealing while the target opens and installs, instead of waiting for window updates.
            kestrel.Limits.Http2.InitialConnectionWindowSize = 8 << 20;
            kestrel.Limits.Http2.InitialStreamWindowSize = 4 << 20;
            kestrel.Listen(address, port, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                if (tls is not null)
                {
                    listen.UseHttps(tls.ConfigureServer);
                }
            });
        });
        return builder;
    }

    /// <summary>Starts <paramref name="app"/>, prints "<paramref name="banner"/>: listening on URL…", and runs until shutdown.</summary>
    public static async Task RunAsync(WebApplication app, string banner)
    {
        await app.StartAsync().ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Console.WriteLine($"{banner}: listening on {string.Join(' ', bound)}");
        Console.Out.Flush();
        await app.WaitForShutdownAsync().ConfigureAwait(false);
    }
}
