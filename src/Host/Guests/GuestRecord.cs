namespace Ivm.Host.Guests;

/// <summary>What the data directory holds per guest: its configuration and whether it should be On.</summary>
/// <param name="WantsOn">True from a start until the guest is stopped or ends by itself, so an agent
/// restarted under a running guest starts it again.</param>
/// <param name="Suspended">True from a suspend until the resume or a stop: the guest's state is in its
/// save file (<see cref="GuestStore.SavePath"/>) and a restarted agent leaves it Suspended.</param>
public sealed record GuestRecord(GuestConfiguration Config, bool WantsOn, bool Suspended = false);

/// <summary>A migration that took a guest away from this host, until it ended with an answer.</summary>
public sealed record Departure(string MigrationId, string GuestName, string TargetHost, string TargetUrl);
