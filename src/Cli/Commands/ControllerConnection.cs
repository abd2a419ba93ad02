using System.CommandLine;
using System.Net.Http;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using Ivm.Cluster.V1;

namespace Ivm.Cli.Commands;

/// <summary>
/// How hpvm reaches the controller: <c>--controller URL</c>, else the environment variable
/// IVM_CONTROLLER, else the local cluster recorded by <c>hpvm cluster up</c> in $IVM_HOME/cluster.json.
/// Also turns the controller's gRPC errors into hpvm's one-line messages.
/// </summary>
public sealed class ControllerConnection : IDisposable
{
    /// <summary>The option every cluster command takes.</summary>
    public static Option<string?> Option { get; } = new("--controller")
    {
        Description = "The controller's URL (e.g. http://127.0.0.1:7300). Default: $IVM_CONTROLLER, else the cluster started by 'hpvm cluster up' ($IVM_HOME/cluster.json).",
        Recursive = true,
    };

    private readonly GrpcChannel _channel;

    private ControllerConnection(string url)
    {
        Url = url;
        // An https controller is part of a cluster with mutual TLS: present the admin certificate
        // made by 'hpvm cluster init' ($IVM_TLS_DIR, else $IVM_HOME/tls; $IVM_TLS_NAME, else admin).
        var handler = url.StartsWith("https:", StringComparison.OrdinalIgnoreCase) ? LoadIdentity().CreateClientHandler() : new SocketsHttpHandler();
        handler.EnableMultipleHttp2Connections = true;
        // A console may stream for hours; the connection must not be dropped as idle.
        handler.KeepAlivePingDelay = TimeSpan.FromSeconds(30);
        handler.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);
        handler.ConnectTimeout = TimeSpan.FromSeconds(10);
        _channel = GrpcChannel.ForAddress(url, new GrpcChannelOptions { HttpHandler = handler });
        Client = new Cluster.V1.Cluster.ClusterClient(_channel);
    }

    public string Url { get; }

    private static Security.TlsIdentity LoadIdentity()
    {
        string directory = Environment.GetEnvironmentVariable("IVM_TLS_DIR") is { Length: > 0 } dir ? dir : ClusterInitCommand.DefaultDirectory;
        string name = Environment.GetEnvironmentVariable("IVM_TLS_NAME") is { Length: > 0 } n ? n : "admin";
        try
        {
            return Security.TlsIdentity.Load(directory, name);
        }
        catch (InvalidOperationException e)
        {
            throw new CommandError($"an https controller needs this user's cluster certificate: {e.Message} (set IVM_TLS_DIR, or IVM_TLS_NAME for a name other than admin)");
        }
    }

    public Cluster.V1.Cluster.ClusterClient Client { get; }

    /// <summary>The deadline of one request-reply call (a graceful stop may wait for its guest).</summary>
    public static DateTime Deadline() => DateTime.UtcNow.AddSeconds(60);

    /// <summary>Connects to the controller the command line, environment or cluster record names.</summary>
    public static ControllerConnection Open(ParseResult parse)
    {
        string? url = parse.GetValue(Option);
        string source = "--controller";
        if (string.IsNullOrEmpty(url))
        {
            url = Environment.GetEnvironmentVariable("IVM_CONTROLLER");
            source = "IVM_CONTROLLER";
        }

        if (string.IsNullOrEmpty(url))
        {
            var record = ClusterRecord.Load();
            url = record?.Controller;
            source = ClusterRecord.FilePath;
            if (string.IsNullOrEmpty(url))
            {
                throw new CommandError($"no controller to talk to: start a local cluster with 'hpvm cluster up', or give a running controller's URL with --controller URL or IVM_CONTROLLER");
            }
        }

        return Open(url, source);
    }

    /// <summary>Connects to the controller at a URL given by <paramref name="source"/>.</summary>
    public static ControllerConnection Open(string url, string source = "controller URL")
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CommandError($"{source} {url}: not a controller URL; write http://HOST:PORT (e.g. http://127.0.0.1:7300)");
        }

        return new ControllerConnection(url);
    }

    /// <summary>
    /// One line for a failed call: the controller's own message for a refusal, or — when the
    /// controller itself could not be reached — which URL failed and how to get a controller.
    /// </summary>
    public CommandError Explain(RpcException e)
    {
        if (IsUnreachable(e))
        {
            return new CommandError($"the controller at {Url} is not reachable ({Reason(e)}); start a local cluster with 'hpvm cluster up', or point --controller or IVM_CONTROLLER at a running controller");
        }

        if (e.StatusCode == StatusCode.DeadlineExceeded)
        {
            return new CommandError($"the controller at {Url} did not answer in time");
        }

        return new CommandError(string.IsNullOrWhiteSpace(e.Status.Detail) ? $"the controller refused: {e.StatusCode}" : OneLine(e.Status.Detail));
    }

    /// <summary>Makes one call; a failure becomes the command's one-line error.</summary>
    public async Task<T> CallAsync<T>(Func<Cluster.V1.Cluster.ClusterClient, AsyncUnaryCall<T>> call)
    {
        try
        {
            using var pending = call(Client);
            return await pending.ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
        {
            throw Explain(e);
        }
    }

    public void Dispose() => _channel.Dispose();

    // The controller's UNAVAILABLE for an unreachable host carries no transport exception; a
    // connection that never opened does.
    private static bool IsUnreachable(RpcException e) =>
        e.StatusCode == StatusCode.Unavailable && e.Status.DebugException is HttpRequestException or SocketException or IOException;

    private static string Reason(RpcException e)
    {
        for (Exception? inner = e.Status.DebugException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.HostNotFound or SocketError.NoData => "unknown host",
                    SocketError.TimedOut => "connection timed out",
                    _ => socket.Message,
                };
            }
        }

        return OneLine(e.Status.DebugException?.Message ?? e.Status.Detail);
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
