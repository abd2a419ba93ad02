using Ivm.Host;
using Ivm.Host.Api;
using Ivm.Host.Guests;
using Ivm.Host.Registration;
using Ivm.Host.Telemetry;
using Ivm.Security;
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

if (!GrpcServer.TryPrepare("ivm-host", settings.Address, settings.TlsDirectory, settings.Name, out var address, out var tls))
{
    return 2;
}

Directory.CreateDirectory(settings.DataDirectory);
var builder = GrpcServer.CreateBuilder(address, settings.Port, tls);
builder.Services.AddGrpc();
using var hypervisor = new Hypervisor(settings, Console.Out);
builder.Services.AddSingleton(hypervisor);
builder.Services.AddSingleton<HostTelemetry>();
builder.Services.AddSingleton(new MigrationTls(tls));
builder.Services.AddHostedService<GuestStateTracer>();
if (settings.Controllers.Count > 0)
{
    builder.Services.AddSingleton(_ => new ControllerClient(settings.Controllers, tls));
    builder.Services.AddHostedService<ControllerRegistration>();
}
Ivm.Observability.Otlp.Add(builder.Services, "ivm-host", settings.Name, HostTelemetry.Name, settings.OtlpEndpoint);

var app = builder.Build();
app.MapGrpcService<HostAgentService>();
app.MapGrpcService<MigrationService>();
hypervisor.LoadAndStart();
_ = hypervisor.ResolveDeparturesAsync(d => MigrationConnector.CommittedAsync(new Uri(d.TargetUrl), tls, d.MigrationId, CancellationToken.None), TimeSpan.FromSeconds(30));
_ = Task.Run(hypervisor.WarmEmulator);
await GrpcServer.RunAsync(app, $"ivm-host {settings.Name}").ConfigureAwait(false);
return 0;
