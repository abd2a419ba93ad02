extern alias agent;

using agent::Ivm.Host.Guests;
using Xunit;

namespace Ivm.Host.Tests;

/// <summary>The arriving guest's record: written ahead, a guest only once committed, and gone after
/// a crash before the commit.</summary>
public sealed class GuestStoreTests : IDisposable
{
    private readonly string _data = Paths.NewDataDirectory("store");

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private static GuestRecord Record(string name) => new(new GuestConfiguration { Name = name, ImagePath = "/images/guest" }, WantsOn: true);

    private static string[] Names(GuestStore store) => [.. store.LoadAll(TextWriter.Null).Select(r => r.Config.Name)];

    [Fact]
    public void A_prepared_record_becomes_a_guest_only_at_its_commit()
    {
        var store = new GuestStore(_data);
        store.Save(Record("resident"));
        store.Prepare(Record("arriving"));
        Assert.Equal(["resident"], Names(store));

        store.CommitPrepared("arriving");
        Assert.Equal(["arriving", "resident"], Names(store));
        Assert.True(new GuestStore(_data).LoadAll(TextWriter.Null).Single(r => r.Config.Name == "arriving").WantsOn);
    }

    [Fact]
    public void A_record_prepared_but_never_committed_is_gone_at_the_next_start_and_a_discarded_one_at_once()
    {
        var store = new GuestStore(_data);
        store.Prepare(Record("crashed"));
        store.Prepare(Record("abandoned"));
        store.DiscardPrepared("abandoned");
        string guests = Path.Combine(_data, "guests");
        Assert.Equal(["crashed.json.incoming"], Directory.GetFiles(guests).Select(Path.GetFileName));

        // The agent restarts: the migration that prepared it never committed.
        var restarted = new GuestStore(_data);
        Assert.Empty(Directory.GetFiles(guests));
        Assert.Empty(Names(restarted));
        Assert.Throws<FileNotFoundException>(() => restarted.CommitPrepared("crashed"));
    }
}
