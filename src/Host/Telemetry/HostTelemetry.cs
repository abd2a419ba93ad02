using System.Diagnostics;
using System.Diagnostics.Metrics;
using Ivm.Host.Guests;

namespace Ivm.Host.Telemetry;

/// <summary>
/// The agent's OpenTelemetry signals, beside ASP.NET Core's own spans and metrics for every API
/// call: a span per guest state change (from, to, why), a counter of state changes, and gauges
/// read from the hypervisor at each metric collection — each guest's CPU time, instructions and
/// backed memory, and the host's load and running guests.
/// </summary>
internal sealed class HostTelemetry : IDisposable
{
    public const string Name = "Ivm.Host";

    private readonly ActivitySource _source = new(Name);
    private readonly Meter _meter = new(Name);
    private readonly Counter<long> _stateChanges;

    public HostTelemetry(Hypervisor hypervisor)
    {
        _stateChanges = _meter.CreateCounter<long>("ivm.guest.state_changes", "{change}", "Guest state changes, by the state entered.");
        _meter.CreateObservableCounter("ivm.guest.cpu.time", () => PerGuest(hypervisor, v => v.CpuTimeMilliseconds / 1000.0), "s",
            "Host CPU time each guest's vCPU has used since it last started.");
        _meter.CreateObservableCounter("ivm.guest.instructions", () => PerGuest(hypervisor, v => v.Instructions), "{instruction}",
            "IA-64 instructions each guest has executed since it last started.");
        _meter.CreateObservableGauge("ivm.guest.memory.used", () => PerGuest(hypervisor, v => (long)v.MemoryUsedBytes), "By",
            "Guest memory backed by host memory.");
        _meter.CreateObservableGauge("ivm.host.load", () => hypervisor.HostInfo().Load, "1", "Busy scheduler workers per core over the last second.");
        _meter.CreateObservableGauge("ivm.host.guests.on", () => hypervisor.HostInfo().GuestsOn, "{guest}", "Guests running on this host.");
    }

    /// <summary>Records one guest's move from <paramref name="from"/> (null: newly seen) to its current state.</summary>
    public void StateChanged(GuestView view, GuestRunState? from, bool removed)
    {
        string to = removed ? "Removed" : view.State.ToString();
        _stateChanges.Add(1, new KeyValuePair<string, object?>("guest.state", to));
        using var activity = _source.StartActivity("guest.state_change", ActivityKind.Internal);
        activity?.SetTag("guest.name", view.Config.Name);
        activity?.SetTag("guest.state.from", from?.ToString() ?? "");
        activity?.SetTag("guest.state.to", to);
        if (view.Reason.Length > 0)
        {
            activity?.SetTag("guest.reason", view.Reason);
        }
    }

    private static IEnumerable<Measurement<T>> PerGuest<T>(Hypervisor hypervisor, Func<GuestView, T> value)
        where T : struct
    {
        foreach (var guest in hypervisor.List())
        {
            yield return new Measurement<T>(value(guest), new KeyValuePair<string, object?>("guest.name", guest.Config.Name));
        }
    }

    public void Dispose()
    {
        _source.Dispose();
        _meter.Dispose();
    }
}
