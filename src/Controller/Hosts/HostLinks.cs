using System.Collections.Concurrent;
using Google.Protobuf;
using Grpc.Core;
using Ivm.Controller.Grains;
using HostV1 = Ivm.Host.V1;

namespace Ivm.Controller.Hosts;

/// <summary>
/// Keeps every registered host's guest states current by following its WatchGuests stream (the
/// agent sends every guest's view first, then each change, so nothing is polled), reconnecting
/// while the host is registered. A host that comes back after being unreachable thereby reconciles
/// its guests: their states become what the agent reports.
/// </summary>
internal sealed class HostLinks(IGrainFactory grains, HostAgents agents, ILogger<HostLinks> log) : IDisposable
{
    private readonly ConcurrentDictionary<string, (string Address, CancellationTokenSource Stop)> _links = new(StringComparer.Ordinal);

    /// <summary>Follows <paramref name="host"/> at <paramref name="address"/> (again, if its address changed).</summary>
    public void Follow(string host, string address)
    {
        if (_links.TryGetValue(host, out var link) && link.Address == address)
        {
            return;
        }

        var stop = new CancellationTokenSource();
        if (_links.TryGetValue(host, out var old) && _links.TryUpdate(host, (address, stop), old))
        {
            old.Stop.Cancel();
        }
        else if (!_links.TryAdd(host, (address, stop)))
        {
            stop.Dispose();
            return;
        }

        _ = Task.Run(() => PumpAsync(host, address, stop.Token));
    }

    private async Task PumpAsync(string host, string address, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var call = agents.For(address).WatchGuests(new HostV1.WatchGuestsRequest(), cancellationToken: stop);
                await foreach (var change in call.ResponseStream.ReadAllAsync(stop).ConfigureAwait(false))
                {
                    var guest = grains.GetGrain<IGuestGrain>(change.Guest.Config.Name);
                    await (change.Removed ? guest.Vanished(host) : guest.Observe(host, change.Guest.ToByteArray())).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is RpcException or IOException or HttpRequestException)
            {
                log.LogDebug("watching {Host} at {Address}: {Message}; retrying", host, address, e.Message);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                // A failed update (e.g. storage) must not end the link for good: log it and follow again.
                log.LogError(e, "following {Host} at {Address} failed; retrying", host, address);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), stop).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        foreach (var link in _links.Values)
        {
            link.Stop.Cancel();
        }
    }
}
