namespace Ivm.Controller.Grains;

/// <summary>
/// A refusal or failure the API reports as one gRPC status: the code (as in proto/cluster.proto's
/// header) and one line saying what, which value and what is allowed.
/// </summary>
[GenerateSerializer]
public sealed class ClusterException : Exception
{
    public ClusterException(Grpc.Core.StatusCode code, string message) : base(message) => Code = code;

    public ClusterException()
    {
    }

    public ClusterException(string message) : base(message)
    {
    }

    public ClusterException(string message, Exception inner) : base(message, inner)
    {
    }

    [Id(0)]
    public Grpc.Core.StatusCode Code { get; set; } = Grpc.Core.StatusCode.Internal;
}
