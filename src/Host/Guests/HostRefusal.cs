namespace Ivm.Host.Guests;

/// <summary>Which kind of expected failure a <see cref="HostRefusal"/> is (the API maps it to a status code).</summary>
public enum RefusalKind
{
    NotFound,
    AlreadyExists,
    InvalidArgument,
    FailedPrecondition,
    ResourceExhausted,
}

/// <summary>An operation refused for a reason the caller can act on; the message names the thing,
/// the value and what is allowed.</summary>
public sealed class HostRefusal(RefusalKind kind, string message) : Exception(message)
{
    public RefusalKind Kind { get; } = kind;
}
