using System.Reflection;
using Grpc.Core;
using Ivm.Cluster.V1;
using Ivm.Host.Guests;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Ivm.Host.Registration;

/// <summary>
/// With --controller: once the agent listens, registers with the controller (name, the URL to call
/// it at, capacity) and then heartbeats with its current load at the interval the controller asks
/// for; registers again whenever the controller does not know it (a controller with fresh storage),
/// and keeps retrying while the controller is down.
/// </summary>
internal sealed class ControllerRegistration(
    ControllerClient controller, Hypervisor hypervisor, IServer server, IHostApplicationLifetime lifetime,
    ILogger<ControllerRegistration> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The bound address is known only once the server has started (port 0 picks one).
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
        }

        string address = Advertised(server.Features.Get<IServerAddressesFeature>()!.Addresses.First(), hypervisor.Settings.Advertise);
        bool registered = false, reportedDown = false;
        var interval = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            var client = controller.Client;
            try
            {
                var info = hypervisor.HostInfo();
                if (!registered)
                {
                    var reply = await client.RegisterHostAsync(new RegisterHostRequest
                    {
                        Name = info.Name,
                        Address = address,
                        Cores = info.Cores,
                        MemoryTotalBytes = info.MemoryTotalBytes,
                        Version = typeof(ControllerRegistration).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "",
                    }, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: stoppingToken).ConfigureAwait(false);
                    interval = TimeSpan.FromMilliseconds(Math.Clamp(reply.HeartbeatIntervalMs, 100u, 60_000u));
                    registered = true;
                    Console.WriteLine($"ivm-host {info.Name}: registered with the controller at {controller.Address} as {address}");
                }
                else
                {
                    var beat = await client.HeartbeatAsync(new HeartbeatRequest
                    {
                        Name = info.Name,
                        MemoryCommittedBytes = info.MemoryCommittedBytes,
                        EntitlementCommittedPercent = info.EntitlementCommittedPercent,
                        Load = info.Load,
                        GuestCount = info.GuestCount,
                        GuestsOn = info.GuestsOn,
                    }, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: stoppingToken).ConfigureAwait(false);
                    registered = beat.Known;
                }

                reportedDown = false;
            }
            catch (RpcException e) when (!stoppingToken.IsCancellationRequested)
            {
                if (!reportedDown)
                {
                    log.LogWarning("controller at {Address}: {Detail}; retrying", controller.Address, e.Status.Detail);
                    reportedDown = true;
                }

                // Another controller silo (if there are several) gets the registration afresh.
                controller.Next();
                registered = false;
            }

            try
            {
                await Task.Delay(registered ? interval : TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    // The bound URL with the advertised host name in place of a wildcard or a chosen name.
    private static string Advertised(string bound, string? advertise)
    {
        var uri = new UriBuilder(bound.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (advertise is { Length: > 0 })
        {
            uri.Host = advertise;
        }

        return uri.Uri.GetLeftPart(UriPartial.Authority);
    }
}
