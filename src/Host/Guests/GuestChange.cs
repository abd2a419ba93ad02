namespace Ivm.Host.Guests;

/// <summary>One entry of the guest event stream: a guest's view after a change, or its removal.</summary>
public sealed record GuestChange(GuestView View, bool Removed, ulong Sequence);
