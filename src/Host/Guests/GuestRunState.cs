namespace Ivm.Host.Guests;

/// <summary>A guest's state as administrators see it (HPVM's Off, On, and the stop in between).</summary>
public enum GuestRunState
{
    Off,
    On,
    Stopping,
    Crashed,
}
