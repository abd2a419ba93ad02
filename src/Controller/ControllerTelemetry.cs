using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Ivm.Controller;

/// <summary>
/// The controller's OpenTelemetry signals, beside ASP.NET Core's spans and metrics for every API
/// call: a span per guest state change as the controller records it (from, to, host, why) and
/// counters of state changes, placements and admission refusals.
/// </summary>
public sealed class ControllerTelemetry : IDisposable
{
    public const string Name = "Ivm.Controller";

    private readonly ActivitySource _source = new(Name);
    private readonly Meter _meter = new(Name);
    private readonly Counter<long> _stateChanges;
    private readonly Counter<long> _placements;
    private readonly Counter<long> _refusals;

    public ControllerTelemetry()
    {
        _stateChanges = _meter.CreateCounter<long>("ivm.guest.state_changes", "{change}", "Guest state changes the controller recorded, by the state entered.");
        _placements = _meter.CreateCounter<long>("ivm.guest.placements", "{start}", "Guests started, by the host chosen.");
        _refusals = _meter.CreateCounter<long>("ivm.guest.admission_refusals", "{start}", "Starts refused because no host could admit the guest.");
    }

    public void StateChanged(string guest, string from, string to, string host, string reason)
    {
        _stateChanges.Add(1, new KeyValuePair<string, object?>("guest.state", to));
        using var activity = _source.StartActivity("guest.state_change", ActivityKind.Internal);
        activity?.SetTag("guest.name", guest);
        activity?.SetTag("guest.state.from", from);
        activity?.SetTag("guest.state.to", to);
        activity?.SetTag("guest.host", host);
        if (reason.Length > 0)
        {
            activity?.SetTag("guest.reason", reason);
        }
    }

    public void Placed(string host) => _placements.Add(1, new KeyValuePair<string, object?>("host.name", host));

    public void Refused() => _refusals.Add(1);

    public void Dispose()
    {
        _source.Dispose();
        _meter.Dispose();
    }
}
