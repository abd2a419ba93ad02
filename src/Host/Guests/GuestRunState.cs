namespace Ivm.Host.Guests;

/// <summary>A guest's state as administrators see it (HPVM's Off, On, and the stop in between).</summary>
public enum GuestRunState
{
    Off,
    On,
    Stopping,
    Crashed,

    /// <summary>Saved to the data directory by a suspend; holds no memory or entitlement until resumed.</summary>
    Suspended,
}
