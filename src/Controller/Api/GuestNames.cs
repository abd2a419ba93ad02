using Grpc.Core;

namespace Ivm.Controller.Api;

/// <summary>Guest and host names: 1-64 letters, digits, '-', '_' or '.', starting with a letter or digit.</summary>
internal static class GuestNames
{
    public static bool IsValid(string name) =>
        name.Length is >= 1 and <= 64 && char.IsAsciiLetterOrDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    public static string Check(string name) => IsValid(name)
        ? name
        : throw new RpcException(new Status(StatusCode.InvalidArgument,
            $"guest name '{name}': 1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit"));
}
