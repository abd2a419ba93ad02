extern alias agent;

using agent::Ivm.Host;
using agent::Ivm.Host.Guests;
using Xunit;

namespace Ivm.Host.Tests;

/// <summary>
/// An agent restarted in the middle of a migration: as the source it starts a departing guest only
/// once the target says it did not arrive there (and forgets one that did); as the target it still
/// answers, from disk, whether a migration committed here.
/// </summary>
public sealed class DepartureTests : IDisposable
{
    private readonly string _data = Paths.NewDataDirectory("departure");

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private static GuestRecord Record(string name, bool wantsOn) =>
        new(new GuestConfiguration { Name = name, ImagePath = Paths.Echo, MemoryBytes = 16UL << 20, EntitlementPercent = 10, StartAttribute = StartAttribute.Manual }, wantsOn);

    private Hypervisor Restart() => new(new HostSettings { Name = "restarted", DataDirectory = _data, Cores = 1, MemoryBytes = 1UL << 30 }, TextWriter.Null);

    [Fact]
    public async Task A_departing_guest_waits_for_its_targets_answer_then_starts_here_or_is_forgotten()
    {
        var store = new GuestStore(_data);
        store.Save(Record("stayed", wantsOn: true));
        store.Save(Record("moved", wantsOn: true));
        store.RecordDeparture(new Departure("m-stayed", "stayed", "h2", "http://127.0.0.1:1"));
        store.RecordDeparture(new Departure("m-moved", "moved", "h2", "http://127.0.0.1:1"));

        using var hypervisor = Restart();
        hypervisor.LoadAndStart();
        Assert.Equal((GuestRunState.Off, GuestRunState.Off), (hypervisor.Get("stayed").State, hypervisor.Get("moved").State));
        var refused = Assert.Throws<HostRefusal>(() => hypervisor.Start("stayed"));
        Assert.Contains("was leaving for h2 (migration m-stayed)", refused.Message, StringComparison.Ordinal);

        // Unreachable first: nothing changes; then the answers.
        var answers = new Dictionary<string, bool?> { ["m-stayed"] = null, ["m-moved"] = null };
        var resolving = hypervisor.ResolveDeparturesAsync(d =>
        {
            lock (answers)
            {
                return Task.FromResult(answers[d.MigrationId]);
            }
        }, TimeSpan.FromMilliseconds(50));
        await Task.Delay(200);
        Assert.Equal(GuestRunState.Off, hypervisor.Get("stayed").State);
        lock (answers)
        {
            (answers["m-stayed"], answers["m-moved"]) = (false, true);
        }

        await resolving.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(GuestRunState.On, hypervisor.Get("stayed").State);
        Assert.Throws<HostRefusal>(() => hypervisor.Get("moved"));
        Assert.Empty(Directory.GetFiles(Path.Combine(_data, "migrations")));
        Assert.Equal(["stayed"], new GuestStore(_data).LoadAll(TextWriter.Null).Select(r => r.Config.Name));
    }

    [Fact]
    public void A_restarted_target_answers_from_disk_whether_a_migration_committed_here()
    {
        var store = new GuestStore(_data);
        store.Save(Record("arrived", wantsOn: false));
        store.RecordArrival("m-committed", "arrived");
        store.CommitArrival("m-committed");
        store.RecordArrival("m-moved-on", "gone");
        store.CommitArrival("m-moved-on");
        store.RecordArrival("m-uncommitted", "never");

        using var hypervisor = Restart();
        hypervisor.LoadAndStart();
        Assert.Equal((true, true, false), hypervisor.QueryOutcome("m-committed"));
        // It came here and has left since: still committed here, so its source must not start it.
        Assert.Equal((true, true, false), hypervisor.QueryOutcome("m-moved-on"));
        Assert.Equal((false, false, false), hypervisor.QueryOutcome("m-uncommitted"));
        Assert.Equal((false, false, false), hypervisor.QueryOutcome("m-unknown"));
        Assert.Equal(["m-committed.arrived", "m-moved-on.arrived"], Directory.GetFiles(Path.Combine(_data, "migrations")).Select(Path.GetFileName).Order());
    }
}
