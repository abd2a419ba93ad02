extern alias controller;
using controller::Ivm.Cluster.V1;
using Xunit;
using GuestGrain = controller::Ivm.Controller.Grains.GuestGrain;
using HostV1 = controller::Ivm.Host.V1;

namespace Ivm.Controller.Tests;

/// <summary>
/// The controller learns a guest's state from its agent twice over, from a call's reply and from the
/// agent's event stream, in either order. The views' revisions decide: a late, older view is ignored,
/// so `hpvm status` never shows a stopped guest as Stopping again.
/// </summary>
public sealed class GuestViewOrderTests
{
    [Fact]
    public void AnOlderViewFromTheSameHostIsIgnored()
    {
        var guest = new Guest { Host = "h1", State = GuestState.On };
        GuestGrain.Apply(guest, View(HostV1.GuestState.Off, 20, "stopped (forced)"));
        GuestGrain.Apply(guest, View(HostV1.GuestState.Stopping, 19, ""));

        Assert.Equal((GuestState.Off, "stopped (forced)"), (guest.State, guest.Reason));
        Assert.Equal([GuestState.Off], guest.History.Select(h => h.State));
    }

    [Fact]
    public void TheSameOrANewerViewApplies()
    {
        var guest = new Guest { Host = "h1", State = GuestState.Off };
        GuestGrain.Apply(guest, View(HostV1.GuestState.On, 7, "", instructions: 10));
        GuestGrain.Apply(guest, View(HostV1.GuestState.On, 7, "", instructions: 5000));
        Assert.Equal((GuestState.On, 5000UL), (guest.State, guest.Instructions));

        GuestGrain.Apply(guest, View(HostV1.GuestState.Crashed, 8, "segmentation fault"));
        Assert.Equal(GuestState.Crashed, guest.State);
    }

    [Fact]
    public void AnotherHostsNumbersStartAfresh()
    {
        // Each agent numbers its own changes; after a move the new host's lower numbers still apply.
        var guest = new Guest { Host = "h1", State = GuestState.Off };
        GuestGrain.Apply(guest, View(HostV1.GuestState.On, 900, ""));
        guest.Host = "h2";
        GuestGrain.Apply(guest, View(HostV1.GuestState.Stopping, 40, ""));
        Assert.Equal(GuestState.Stopping, guest.State);
        GuestGrain.Apply(guest, View(HostV1.GuestState.On, 39, ""));
        Assert.Equal(GuestState.Stopping, guest.State);
    }

    [Fact]
    public void AMigratingViewAfterTheMigrationEndedIsOn()
    {
        // The source agent reports Migrating while it moves the guest; that view can arrive after
        // the controller recorded the attempt as abandoned (hpvm migrate --cancel).
        var guest = new Guest { Host = "h1", State = GuestState.On, Migration = new MigrationStatus { InProgress = false } };
        GuestGrain.Apply(guest, View(HostV1.GuestState.Migrating, 30, ""));
        Assert.Equal(GuestState.On, guest.State);

        guest.Migration.InProgress = true;
        GuestGrain.Apply(guest, View(HostV1.GuestState.On, 31, ""));
        Assert.Equal(GuestState.Migrating, guest.State);
    }

    private static HostV1.Guest View(HostV1.GuestState state, ulong revision, string reason, ulong instructions = 0) =>
        new() { State = state, Revision = revision, Reason = reason, Instructions = instructions };
}
