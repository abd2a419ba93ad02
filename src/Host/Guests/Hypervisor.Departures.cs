namespace Ivm.Host.Guests;

// A guest whose migration away was under way when this agent stopped (or was killed) may have
// arrived at its target. Its departure record keeps it from being started here until the target
// says whether the migration committed there: a guest never runs on two hosts, nor on none
// because of a guess.
internal sealed partial class Hypervisor
{
    private readonly Dictionary<string, Departure> _pendingDepartures = new(StringComparer.Ordinal);
    private readonly HashSet<string> _startWanted = new(StringComparer.Ordinal);

    /// <summary>At start: the departures an earlier run left, by guest name.</summary>
    private HashSet<string> LoadDepartures()
    {
        foreach (var departure in _store.Departures(_log))
        {
            if (_guests.TryGetValue(departure.GuestName, out var guest))
            {
                _pendingDepartures[departure.GuestName] = departure;
                guest.Reason = $"was leaving for {departure.TargetHost} (migration {departure.MigrationId}) when this agent stopped; not started until {departure.TargetHost} says whether it arrived there";
                _log.WriteLine($"ivm-host: guest '{departure.GuestName}' {guest.Reason}");
            }
            else
            {
                _store.DeleteDeparture(departure.MigrationId);
            }
        }

        return [.. _pendingDepartures.Keys];
    }

    private void RefuseStartWhileDeparting(string name)
    {
        if (_pendingDepartures.TryGetValue(name, out var departure))
        {
            throw new HostRefusal(RefusalKind.FailedPrecondition,
                $"guest '{name}' was leaving for {departure.TargetHost} (migration {departure.MigrationId}) when this agent stopped and may run there; it starts here only once {departure.TargetHost} answers that it did not arrive");
        }
    }

    /// <summary>
    /// Asks each pending departure's target, through <paramref name="arrived"/> (true: the migration
    /// committed there; false: it did not; null: no answer), until every one is answered: an arrived
    /// guest is removed here, any other is started again if it was On or starts automatically.
    /// </summary>
    public async Task ResolveDeparturesAsync(Func<Departure, Task<bool?>> arrived, TimeSpan retry)
    {
        var unreachable = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            List<Departure> pending;
            lock (_gate)
            {
                pending = [.. _pendingDepartures.Values];
            }

            if (pending.Count == 0)
            {
                return;
            }

            foreach (var departure in pending)
            {
                bool? answer;
                try
                {
                    answer = await arrived(departure).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    answer = null;
                }

                if (answer is { } there)
                {
                    Settle(departure, there);
                }
                else if (unreachable.Add(departure.MigrationId))
                {
                    _log.WriteLine($"ivm-host: guest '{departure.GuestName}': {departure.TargetHost} ({departure.TargetUrl}) does not answer whether migration {departure.MigrationId} arrived; asking again every {retry.TotalSeconds:0} s");
                }
            }

            await Task.Delay(retry).ConfigureAwait(false);
        }
    }

    private void Settle(Departure departure, bool arrived)
    {
        string name = departure.GuestName;
        bool start;
        lock (_gate)
        {
            if (!_pendingDepartures.Remove(name))
            {
                return;
            }

            _store.DeleteDeparture(departure.MigrationId);
            if (!_guests.TryGetValue(name, out var guest))
            {
                return;
            }

            if (arrived)
            {
                _guests.Remove(name);
                guest.Reason = $"migrated to {departure.TargetHost}";
                guest.Console.Dispose();
                _store.Delete(name);
                _log.WriteLine($"ivm-host: guest '{name}' arrived at {departure.TargetHost} (migration {departure.MigrationId}) before this agent stopped; removed here");
                Publish(guest, removed: true);
                return;
            }

            guest.Reason = $"did not arrive at {departure.TargetHost} (migration {departure.MigrationId}); it stays here";
            _log.WriteLine($"ivm-host: guest '{name}' {guest.Reason}");
            start = _startWanted.Remove(name);
            Publish(guest);
        }

        if (start)
        {
            try
            {
                Start(name);
            }
            catch (HostRefusal e)
            {
                _log.WriteLine($"ivm-host: guest '{name}' not started: {e.Message}");
            }
        }
    }

    /// <summary>The call's migration ended with an answer (released or resumed): nothing to ask after a restart.</summary>
    public void ForgetDeparture(string migrationId) => _store.DeleteDeparture(migrationId);
}
