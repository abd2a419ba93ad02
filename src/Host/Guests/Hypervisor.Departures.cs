namespace Ivm.Host.Guests;

// A guest whose migration away was under way when this agent stopped (or was killed) may have
// arrived at its target. Its departure record keeps it from being started here until the target
// says whether the migration committed there: a guest never runs on two hosts, nor on none
// because of a guess.
internal sealed partial class Hypervisor
{
    // By guest name; Start: it would have been started at load (it wanted On or is auto-start).
    private readonly Dictionary<string, (Departure Departure, bool Start)> _pendingDepartures = new(StringComparer.Ordinal);

    /// <summary>At start, before any guest starts: the departures an earlier run left.</summary>
    private void LoadDepartures(List<GuestRecord> records)
    {
        foreach (var departure in _store.Departures(_log))
        {
            if (_guests.TryGetValue(departure.GuestName, out var guest))
            {
                var record = records.First(r => r.Config.Name == departure.GuestName);
                _pendingDepartures[departure.GuestName] = (departure, WantsStartAtLoad(record));
                guest.Reason = $"was leaving for {departure.TargetHost} (migration {departure.MigrationId}) when this agent stopped; not started until {departure.TargetHost} says whether it arrived there";
                _log.WriteLine($"ivm-host: guest '{departure.GuestName}' {guest.Reason}");
            }
            else
            {
                _store.DeleteDeparture(departure.MigrationId);
            }
        }
    }

    private void RefuseStartWhileDeparting(string name)
    {
        if (_pendingDepartures.TryGetValue(name, out var pending))
        {
            var departure = pending.Departure;
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
                pending = [.. _pendingDepartures.Values.Select(p => p.Departure)];
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
        Guest? guest;
        lock (_gate)
        {
            if (!_pendingDepartures.Remove(name, out var pending) || !_guests.TryGetValue(name, out guest))
            {
                _store.DeleteDeparture(departure.MigrationId);
                return;
            }

            start = pending.Start;
            if (!arrived)
            {
                _store.DeleteDeparture(departure.MigrationId);
                guest.Reason = $"did not arrive at {departure.TargetHost} (migration {departure.MigrationId}); it stays here";
                _log.WriteLine($"ivm-host: guest '{name}' {guest.Reason}");
                Publish(guest);
            }
        }

        if (arrived)
        {
            // As after a migration that finished normally; that also deletes the departure.
            _log.WriteLine($"ivm-host: guest '{name}' arrived at {departure.TargetHost} (migration {departure.MigrationId}) before this agent stopped; removed here");
            ReleaseMigrated(guest, vcpu: null, departure.MigrationId);
        }
        else if (start)
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
