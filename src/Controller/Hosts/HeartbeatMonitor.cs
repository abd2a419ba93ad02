using Ivm.Controller.Grains;

namespace Ivm.Controller.Hosts;

/// <summary>
/// Declares hosts that stopped heartbeating Unreachable, and their guests with them (automatic
/// failover is later work): checked twice per second against the configured timeout.
/// </summary>
internal sealed class HeartbeatMonitor(IGrainFactory grains, ControllerSettings settings, ILogger<HeartbeatMonitor> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var registry = grains.GetGrain<IRegistryGrain>("cluster");
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                foreach (string host in await registry.Hosts().ConfigureAwait(false))
                {
                    if (await grains.GetGrain<IHostGrain>(host).ExpireIfSilent(settings.HeartbeatTimeout).ConfigureAwait(false))
                    {
                        log.LogWarning("host {Host} stopped heartbeating: it and its guests are unreachable", host);
                        foreach (string guest in await registry.Guests().ConfigureAwait(false))
                        {
                            await grains.GetGrain<IGuestGrain>(guest).HostUnreachable(host).ConfigureAwait(false);
                        }
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "heartbeat check failed");
            }
        }
    }
}
