using System.Threading.Channels;

namespace Ivm.Host.Guests;

/// <summary>A watcher's view of <see cref="Hypervisor.WatchChanges"/>: read <see cref="Changes"/>, dispose to stop.</summary>
public sealed class GuestChangeSubscription(ChannelReader<GuestChange> changes, Action unsubscribe) : IDisposable
{
    public ChannelReader<GuestChange> Changes { get; } = changes;

    public void Dispose() => unsubscribe();
}
