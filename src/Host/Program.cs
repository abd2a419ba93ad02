using Ivm.Host;
using Ivm.Host.Api;
using Ivm.Host.Guests;
using Ivm.Host.Registration;
using Ivm.Host.Telemetry;
using Ivm.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using System.Net;

// The host agent: parse the command line, load the guests, serve the gRPC API (HTTP/2; with
// --tls-dir, TLS with mutual certificate authentication against the cluster CA), and print the
// address actually bound so a caller that asked for port 0 can find it.
HostSettings settings;
try
{
    settings = HostSettings.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"ivm-host: {e.Message}");
    return 2;
}

if (!IPAddress.TryParse(settings.Address, out var address))
{
    Console.Error.WriteLine($"ivm-host: --address {settings.Address}: must be an IP address (e.g. 127.0.0.1 or 0.0.0.0)");
    return 2;
}

TlsIdentity? tls = null;
if (settings.TlsDirectory is { } tlsDirectory)
{
    try
    {
        tls = TlsIdentity.Load(tlsDirectory, settings.Name);
    }
    catch (InvalidOperationException e)
    {
        Console.Error.WriteLine($"ivm-host: --tls-dir {tlsDirectory}: {e.Message}");
        return 2;
    }
}

Directory.CreateDirectory(settings.DataDirectory);
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    // Every console watcher is a stream: a controller following many guests over one connection
    // must not queue behind HTTP/2's default of 100 concurrent streams.
    kestrel.Limits.Http2.MaxStreamsPerConnection = 4096;
    kestrel.Listen(address, settings.Port, listen =>
    {
        listen.Protocols = HttpProtocols.Http2;
        if (tls is not null)
        {
            listen.UseHttps(tls.ConfigureServer);
        }
    });
});
builder.Services.AddGrpc();
using var hypervisor = new Hypervisor(settings, Console.Out);
builder.Services.AddSingleton(hypervisor);
builder.Services.AddSingleton<HostTelemetry>();
builder.Services.AddHostedService<GuestStateTracer>();
if (settings.Controllers.Count > 0)
{
    builder.Services.AddSingleton(_ => new ControllerClient(settings.Controllers, tls));
    builder.Services.AddHostedService<ControllerRegistration>();
}
Ivm.Observability.Otlp.Add(builder.Services, "ivm-host", settings.Name, HostTelemetry.Name, settings.OtlpEndpoint);

var app = builder.Build();
app.MapGrpcService<HostAgentService>();
hypervisor.LoadAndStart();
await app.StartAsync().ConfigureAwait(false);
var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
Console.WriteLine($"ivm-host {settings.Name}: listening on {string.Join(' ', bound)}");
Console.Out.Flush();
await app.WaitForShutdownAsync().ConfigureAwait(false);
return 0;
