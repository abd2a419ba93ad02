using Google.Protobuf;
using Grpc.Core;
using Ivm.Cluster.V1;
using Ivm.Controller.Grains;
using Ivm.Controller.Hosts;
using Ivm.Controller.Migrations;
using HostV1 = Ivm.Host.V1;

namespace Ivm.Controller.Api;

/// <summary>
/// proto/cluster.proto's Cluster service: validates requests, then leaves each guest's operations
/// to its grain and each host's to its grain; relays consoles from the guest's current host.
/// </summary>
internal sealed partial class ClusterService(
    IGrainFactory grains, HostAgents agents, HostLinks links, IHostApplicationLifetime lifetime, MigrationRuns migrations, GuestMoves moves)
    : Cluster.V1.Cluster.ClusterBase
{
    private const ulong DefaultMemory = 2UL << 30;
    private const uint HeartbeatIntervalMs = 1000;

    private IRegistryGrain Registry => grains.GetGrain<IRegistryGrain>("cluster");

    private IGuestGrain GuestOf(string name) => grains.GetGrain<IGuestGrain>(GuestNames.Check(name));

    public override async Task<Guest> CreateGuest(CreateGuestRequest request, ServerCallContext context)
    {
        var config = request.Config ?? throw Invalid("config is required");
        GuestNames.Check(config.Name);
        ApplyDefaults(config);
        Validate(config);
        int number = await Registry.Reserve(config.Name);
        if (number == 0)
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists, $"guest '{config.Name}' already exists: names are unique in the cluster"));
        }

        try
        {
            return await Call(async () => Guest.Parser.ParseFrom(await GuestOf(config.Name).Create(config.ToByteArray(), number)));
        }
        catch
        {
            await Registry.Release(config.Name);
            throw;
        }
    }

    public override Task<Guest> StartGuest(StartGuestRequest request, ServerCallContext context) =>
        Call(async () => Guest.Parser.ParseFrom(await GuestOf(request.Name).Start()));

    public override Task<Guest> StopGuest(StopGuestRequest request, ServerCallContext context) =>
        Call(async () => Guest.Parser.ParseFrom(await GuestOf(request.Name).Stop(request.Force, request.Graceful, request.GraceMs)));

    public override Task<Guest> ModifyGuest(ModifyGuestRequest request, ServerCallContext context)
    {
        var probe = new GuestConfig { Name = request.Name, Vcpus = 1, MemoryBytes = DefaultMemory, EntitlementPercent = 10, OsType = "LINUX" };
        if (request.HasVcpus) { probe.Vcpus = request.Vcpus; }
        if (request.HasMemoryBytes) { probe.MemoryBytes = request.MemoryBytes; }
        if (request.HasEntitlementPercent) { probe.EntitlementPercent = request.EntitlementPercent; }
        if (request.HasEntitlementCapPercent && request.EntitlementCapPercent != 0) { probe.EntitlementCapPercent = request.EntitlementCapPercent; }
        if (request.HasOsType) { probe.OsType = request.OsType; }
        Validate(probe);
        if (MigrationAttributes.Check(request.Attributes) is { } bad)
        {
            throw Invalid(bad);
        }

        return Call(async () => Guest.Parser.ParseFrom(await GuestOf(request.Name).Modify(request.ToByteArray())));
    }

    public override async Task<RemoveGuestReply> RemoveGuest(RemoveGuestRequest request, ServerCallContext context)
    {
        await Call(async () =>
        {
            await GuestOf(request.Name).Remove();
            await Registry.Release(request.Name);
            return 0;
        });
        return new RemoveGuestReply();
    }

    public override async Task<Guest> CloneGuest(CloneGuestRequest request, ServerCallContext context)
    {
        var source = await GetGuest(new GetGuestRequest { Name = request.Name }, context);
        var config = source.Config.Clone();
        config.Name = GuestNames.Check(request.NewName);
        return await CreateGuest(new CreateGuestRequest { Config = config }, context);
    }

    public override async Task<Guest> GetGuest(GetGuestRequest request, ServerCallContext context)
    {
        byte[] bytes = await GuestOf(request.Name).Get();
        return bytes.Length > 0
            ? Guest.Parser.ParseFrom(bytes)
            : throw new RpcException(new Status(StatusCode.NotFound, $"guest '{request.Name}' does not exist (hpvm status lists the guests)"));
    }

    public override async Task<ListGuestsReply> ListGuests(ListGuestsRequest request, ServerCallContext context)
    {
        var reply = new ListGuestsReply();
        foreach (string name in await Registry.Guests())
        {
            byte[] bytes = await grains.GetGrain<IGuestGrain>(name).Get();
            if (bytes.Length > 0)
            {
                reply.Guests.Add(Guest.Parser.ParseFrom(bytes));
            }
        }

        return reply;
    }

    public override async Task<ListHostsReply> ListHosts(ListHostsRequest request, ServerCallContext context)
    {
        var reply = new ListHostsReply();
        foreach (string name in await Registry.Hosts())
        {
            byte[] bytes = await grains.GetGrain<IHostGrain>(name).Get();
            if (bytes.Length > 0)
            {
                reply.Hosts.Add(Cluster.V1.Host.Parser.ParseFrom(bytes));
            }
        }

        return reply;
    }

    public override async Task<ConsoleInputReply> SendConsoleInput(ConsoleInput request, ServerCallContext context)
    {
        var client = await HostClientOf(request.Name, context);
        await client.SendConsoleInputAsync(new HostV1.ConsoleInput { Name = request.Name, Data = request.Data }, cancellationToken: context.CancellationToken);
        return new ConsoleInputReply();
    }

    public override async Task<RegisterHostReply> RegisterHost(RegisterHostRequest request, ServerCallContext context)
    {
        if (!GuestNames.IsValid(request.Name) || !Uri.TryCreate(request.Address, UriKind.Absolute, out _))
        {
            throw Invalid($"host '{request.Name}' at '{request.Address}': a host needs a name (letters, digits, '-', '_', '.') and an absolute URL");
        }

        await grains.GetGrain<IHostGrain>(request.Name).Register(request.ToByteArray());
        await Registry.AddHost(request.Name);
        links.Follow(request.Name, request.Address);
        return new RegisterHostReply { HeartbeatIntervalMs = HeartbeatIntervalMs };
    }

    public override async Task<HeartbeatReply> Heartbeat(HeartbeatRequest request, ServerCallContext context)
    {
        var host = grains.GetGrain<IHostGrain>(request.Name);
        bool known = await host.Heartbeat(request.ToByteArray());
        if (known)
        {
            // After a controller restart the links are rebuilt from the first heartbeats.
            var record = Cluster.V1.Host.Parser.ParseFrom(await host.Get());
            links.Follow(record.Name, record.Address);
        }

        return new HeartbeatReply { Known = known };
    }

    private async Task<HostV1.HostAgent.HostAgentClient> HostClientOf(string name, ServerCallContext context) =>
        await HostClientOf(await GetGuest(new GetGuestRequest { Name = name }, context));

    private async Task<HostV1.HostAgent.HostAgentClient> HostClientOf(Guest guest)
    {
        string name = guest.Config.Name;
        if (guest.Host.Length == 0)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"guest '{name}' has never started, so it has no console yet (hpvm start -P {name})"));
        }

        var host = Cluster.V1.Host.Parser.ParseFrom(await grains.GetGrain<IHostGrain>(guest.Host).Get());
        return host.State == Cluster.V1.HostState.Up
            ? agents.For(host.Address)
            : throw new RpcException(new Status(StatusCode.Unavailable, $"host {host.Name} of guest '{name}' is unreachable (no heartbeat)"));
    }

    private static void ApplyDefaults(GuestConfig config)
    {
        if (config.Vcpus == 0) { config.Vcpus = 1; }
        if (config.MemoryBytes == 0) { config.MemoryBytes = DefaultMemory; }
        if (config.EntitlementPercent == 0) { config.EntitlementPercent = 10; }
        if (config.StartAttribute == StartAttribute.Unspecified) { config.StartAttribute = StartAttribute.Auto; }
        if (config.OsType.Length == 0) { config.OsType = "LINUX"; }
    }

    private static void Validate(GuestConfig config)
    {
        if (config.Vcpus is < 1 or > 1)
        {
            throw Invalid($"vcpus {config.Vcpus}: guests have 1 virtual CPU (user-mode IA-64 Linux programs are single-threaded)");
        }
        if (config.MemoryBytes < 1UL << 20)
        {
            throw Invalid($"memory {config.MemoryBytes} bytes: at least 1M");
        }
        if (config.EntitlementPercent is < 1 or > 100)
        {
            throw Invalid($"entitlement {config.EntitlementPercent} %: from 1 to 100");
        }
        if (config.HasEntitlementCapPercent && (config.EntitlementCapPercent < config.EntitlementPercent || config.EntitlementCapPercent > 100))
        {
            throw Invalid($"entitlement maximum {config.EntitlementCapPercent} %: from the entitlement ({config.EntitlementPercent} %) to 100");
        }
        if (config.OsType is not ("HPUX" or "LINUX" or "WINDOWS" or "OPENVMS" or "UNKNOWN"))
        {
            throw Invalid($"os type '{config.OsType}': HPUX, LINUX, WINDOWS, OPENVMS or UNKNOWN");
        }
    }

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));

    // Grain refusals become their status; anything else is an internal error with its message.
    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ClusterException e)
        {
            throw new RpcException(new Status(e.Code, e.Message));
        }
        catch (Exception e) when (e is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException)
        {
            // Another controller silo holding this grain was lost; the cluster moves it shortly.
            throw new RpcException(new Status(StatusCode.Unavailable, $"the controller cluster is recovering from a lost silo ({e.Message}); try again in a few seconds"));
        }
    }
}
