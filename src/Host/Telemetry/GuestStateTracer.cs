using Ivm.Host.Guests;

namespace Ivm.Host.Telemetry;

/// <summary>
/// Follows the hypervisor's change stream (the same one WatchGuests serves) and reports each state
/// transition to <see cref="HostTelemetry"/>; configuration-only changes are not transitions.
/// </summary>
internal sealed class GuestStateTracer(Hypervisor hypervisor, HostTelemetry telemetry) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var states = new Dictionary<string, GuestRunState>(StringComparer.Ordinal);
        while (!stoppingToken.IsCancellationRequested)
        {
            // A watcher that falls behind is cut off: subscribe again (the initial views come first,
            // and only real transitions are reported against the states already known).
            using var subscription = hypervisor.WatchChanges();
            try
            {
                await foreach (var change in subscription.Changes.ReadAllAsync(stoppingToken).ConfigureAwait(false))
                {
                    Report(states, change);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception) when (!stoppingToken.IsCancellationRequested)
            {
                // Cut off for falling behind (or any other failure): telemetry must never take the
                // agent down, so subscribe again.
            }
        }
    }

    private void Report(Dictionary<string, GuestRunState> states, GuestChange change)
    {
        string name = change.View.Config.Name;
        bool known = states.TryGetValue(name, out var previous);
        if (change.Removed)
        {
            states.Remove(name);
            telemetry.StateChanged(change.View, known ? previous : null, removed: true);
        }
        else if (!known || previous != change.View.State)
        {
            states[name] = change.View.State;
            telemetry.StateChanged(change.View, known ? previous : null, removed: false);
        }
    }
}
