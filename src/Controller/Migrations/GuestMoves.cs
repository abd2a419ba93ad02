using System.Collections.Concurrent;

namespace Ivm.Controller.Migrations;

/// <summary>
/// Tells this controller process's console relays that a guest's recorded host changed (a migration's
/// switch-over, or an adoption), so they reattach to the new host at once instead of waiting for
/// the old host's stream to end.
/// </summary>
internal sealed class GuestMoves
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);

    /// <summary>Completes at the guest's next move.</summary>
    public Task Next(string guest) =>
        _waiting.GetOrAdd(guest, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Moved(string guest)
    {
        if (_waiting.TryRemove(guest, out var moved))
        {
            moved.TrySetResult();
        }
    }
}
