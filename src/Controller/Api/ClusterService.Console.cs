using Google.Protobuf;
using Grpc.Core;
using Ivm.Cluster.V1;
using HostV1 = Ivm.Host.V1;

namespace Ivm.Controller.Api;

// The console relay follows its guest: when the guest moves (a migration's switch-over) the relay
// reattaches to the new host from the next byte it has not yet relayed, so an attached hpvm console
// carries on without the user doing anything, and sees every byte once. Offsets continue across
// hosts when the new host carries the guest's log (a migration moves it); a host whose log is
// shorter than what was relayed holds a new one (an Off guest moved by an agent that could not
// carry its log), relayed from its start, its offsets shifted to follow on.
internal sealed partial class ClusterService
{
    // How long the old host's stream may take to deliver its last bytes after the guest moved.
    private static readonly TimeSpan DrainAfterMove = TimeSpan.FromSeconds(1);

    public override async Task WatchConsole(WatchConsoleRequest request, IServerStreamWriter<ConsoleChunk> responseStream, ServerCallContext context)
    {
        // A relay ends when the controller shuts down too, or a SIGTERM would wait for every console.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        var guest = await GetGuest(new GetGuestRequest { Name = request.Name }, context);
        var client = await HostClientOf(guest);
        ulong next = request.Offset, shift = 0;     // next byte in the current host's log; relayed offset = log offset + shift
        while (true)
        {
            string host = guest.Host;
            var moved = moves.Next(request.Name);
            using var attached = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
            var relay = RelayAsync(client, request, next, shift, responseStream, n => next = n, attached.Token);
            if (await Task.WhenAny(relay, moved) == moved)
            {
                await Task.WhenAny(relay, Task.Delay(DrainAfterMove, stopping.Token));
                await attached.CancelAsync();
            }

            var failure = await EndOf(relay, attached.Token);
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            // The stream ended: the guest moved (its old host let it go), was removed, or its host went away.
            var now = request.Follow ? await SettledAsync(request.Name, stopping.Token) : null;
            if (now is null || now.Host == host)
            {
                if (failure is not null)
                {
                    throw new RpcException(new Status(failure.StatusCode, $"console of '{request.Name}': {failure.Status.Detail}"));
                }

                return;
            }

            guest = now;
            client = await HostClientOf(guest);
            ulong length = await ConsoleLengthAsync(client, request.Name, stopping.Token);
            if (length < next)
            {
                shift += next;
                next = 0;
            }
        }
    }

    // Relays the host's console from `from`, passing each chunk's end to `relayed`; a chunk that
    // repeats bytes already relayed (the new host's log overlapping the old one's) is trimmed.
    private static async Task RelayAsync(HostV1.HostAgent.HostAgentClient client, WatchConsoleRequest request, ulong from, ulong shift,
        IServerStreamWriter<ConsoleChunk> responseStream, Action<ulong> relayed, CancellationToken cancel)
    {
        ulong next = from;
        using var call = client.WatchConsole(new HostV1.WatchConsoleRequest { Name = request.Name, Offset = from, Follow = request.Follow }, cancellationToken: cancel);
        await foreach (var chunk in call.ResponseStream.ReadAllAsync(cancel))
        {
            ulong end = chunk.Offset + (ulong)chunk.Data.Length;
            if (end <= next)
            {
                continue;
            }

            var data = chunk.Offset >= next ? chunk.Data : ByteString.CopyFrom(chunk.Data.Span[(int)(next - chunk.Offset)..]);
            await responseStream.WriteAsync(new ConsoleChunk { Offset = Math.Max(chunk.Offset, next) + shift, Data = data }, cancel);
            next = end;
            relayed(next);
        }
    }

    private static async Task<ulong> ConsoleLengthAsync(HostV1.HostAgent.HostAgentClient client, string name, CancellationToken cancel)
    {
        try
        {
            return (await client.GetGuestAsync(new HostV1.GetGuestRequest { Name = name }, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: cancel)).ConsoleLength;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return 0;
        }
    }

    // How a relay ended: null when the stream ended or was cancelled here, else the host's error.
    private static async Task<RpcException?> EndOf(Task relay, CancellationToken cancelledHere)
    {
        try
        {
            await relay;
            return null;
        }
        catch (Exception) when (cancelledHere.IsCancellationRequested)
        {
            return null;
        }
        catch (RpcException e)
        {
            return e;
        }
    }

    // The guest once no migration of it is in progress (null when it no longer exists): a source's
    // stream may end a moment before the controller records the switch-over.
    private async Task<Guest?> SettledAsync(string name, CancellationToken cancel)
    {
        while (true)
        {
            byte[] bytes = await GuestOf(name).Get();
            if (bytes.Length == 0)
            {
                return null;
            }

            var guest = Guest.Parser.ParseFrom(bytes);
            if (guest.Migration is not { InProgress: true })
            {
                return guest;
            }

            await Task.WhenAny(moves.Next(name), Task.Delay(TimeSpan.FromMilliseconds(100), cancel));
            cancel.ThrowIfCancellationRequested();
        }
    }
}
