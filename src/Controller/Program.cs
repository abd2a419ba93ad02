using System.Net;
using Ivm.Controller;
using Ivm.Controller.Api;
using Ivm.Controller.Hosts;
using Ivm.Controller.Storage;
using Ivm.Security;
using Orleans.Configuration;
using Npgsql;
using Orleans.Storage;

// The controller: an Orleans silo (guests and hosts are grains, persisted in SQLite in the data
// directory, or in PostgreSQL shared by several silos) serving the cluster API over gRPC; prints the address bound so a caller that asked
// for port 0 can find it.
ControllerSettings settings;
try
{
    settings = ControllerSettings.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"ivm-controller: {e.Message}");
    return 2;
}

if (!GrpcServer.TryPrepare("ivm-controller", settings.Address, settings.TlsDirectory, "controller", out var address, out var tls))
{
    return 2;
}

Directory.CreateDirectory(settings.DataDirectory);
var builder = GrpcServer.CreateBuilder(address, settings.Port, tls);
builder.Services.AddGrpc();
NpgsqlDataSource? postgres = settings.Storage == "postgres" ? NpgsqlDataSource.Create(settings.Postgres!) : null;
builder.UseOrleans(silo =>
{
    if (postgres is null)
    {
        // One silo with its state in a file: nothing to install.
        silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, serviceId: "ivm", clusterId: settings.ClusterId);
        silo.Services.AddKeyedSingleton<IGrainStorage>("ivm", (_, _) => SqlGrainStorage.Sqlite(Path.Combine(settings.DataDirectory, "controller.db"), settings.ClusterId));
    }
    else
    {
        // Several silos sharing one PostgreSQL database form one cluster: membership and state there.
        silo.Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (settings.ClusterId, "ivm"));
        silo.Configure<EndpointOptions>(options =>
        {
            options.AdvertisedIPAddress = address.Equals(IPAddress.Any) ? IPAddress.Loopback : address;
            (options.SiloPort, options.GatewayPort) = (settings.SiloPort, settings.GatewayPort);
        });
        silo.Services.AddSingleton<IMembershipTable>(_ => new PostgresMembershipTable(postgres, settings.ClusterId));
        // A lost controller silo is declared dead in seconds, not Orleans' default half minute: its
        // grains then come back on the others and the API answers again.
        silo.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = TimeSpan.FromSeconds(1);
            options.NumMissedProbesLimit = 2;
            options.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        });
        silo.Services.AddKeyedSingleton<IGrainStorage>("ivm", (_, _) => SqlGrainStorage.Postgres(postgres, settings.ClusterId));
    }

    silo.Configure<GrainCollectionOptions>(options => options.CollectionAge = TimeSpan.FromHours(1));
});
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton(_ => new HostAgents(tls));
builder.Services.AddSingleton<HostLinks>();
builder.Services.AddSingleton<Ivm.Controller.Migrations.MigrationRuns>();
builder.Services.AddSingleton<Ivm.Controller.Migrations.GuestMoves>();
builder.Services.AddHostedService<HeartbeatMonitor>();
builder.Services.AddSingleton<ControllerTelemetry>();
Ivm.Observability.Otlp.Add(builder.Services, "ivm-controller", $"{settings.Address}:{settings.Port}", ControllerTelemetry.Name, settings.OtlpEndpoint);

var app = builder.Build();
app.MapGrpcService<ClusterService>();
await GrpcServer.RunAsync(app, "ivm-controller").ConfigureAwait(false);
return 0;
