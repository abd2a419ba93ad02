using System.Buffers;
using Google.Protobuf;
using Grpc.Core;
using Ivm.Host.Guests;
using Ivm.Host.V1;
using GuestConfigurationMessage = Ivm.Host.V1.GuestConfig;
using StartAttribute = Ivm.Host.Guests.StartAttribute;
using Guest = Ivm.Host.V1.Guest;

namespace Ivm.Host.Api;

/// <summary>
/// The gRPC face of the <see cref="Hypervisor"/>: translates messages to domain calls and
/// <see cref="HostRefusal"/>s to status codes with their one-line messages.
/// </summary>
internal sealed partial class HostAgentService(Hypervisor hypervisor, IHostApplicationLifetime lifetime, MigrationTls migrationTls) : HostAgent.HostAgentBase
{
    private const int ChunkSize = 64 * 1024;

    public override Task<Guest> CreateGuest(CreateGuestRequest request, ServerCallContext context) =>
        Answer(() => ToMessage(hypervisor.Create(FromMessage(request.Config ?? new GuestConfigurationMessage()))));

    public override Task<Guest> StartGuest(StartGuestRequest request, ServerCallContext context) =>
        Answer(() => ToMessage(hypervisor.Start(request.Name)));

    public override async Task<Guest> StopGuest(StopGuestRequest request, ServerCallContext context)
    {
        try
        {
            TimeSpan? grace = request.GraceMs == 0 ? null : TimeSpan.FromMilliseconds(request.GraceMs);
            return ToMessage(await hypervisor.StopAsync(request.Name, request.Force, grace).ConfigureAwait(false));
        }
        catch (HostRefusal e)
        {
            throw ToRpc(e);
        }
    }

    public override async Task<Guest> SuspendGuest(SuspendGuestRequest request, ServerCallContext context)
    {
        try
        {
            return ToMessage(await hypervisor.SuspendAsync(request.Name).ConfigureAwait(false));
        }
        catch (HostRefusal e)
        {
            throw ToRpc(e);
        }
    }

    public override async Task<Guest> ResumeGuest(ResumeGuestRequest request, ServerCallContext context)
    {
        try
        {
            return ToMessage(await hypervisor.ResumeAsync(request.Name).ConfigureAwait(false));
        }
        catch (HostRefusal e)
        {
            throw ToRpc(e);
        }
    }

    public override Task<RemoveGuestReply> RemoveGuest(RemoveGuestRequest request, ServerCallContext context) =>
        Answer(() =>
        {
            hypervisor.Remove(request.Name);
            return new RemoveGuestReply();
        });

    public override Task<Guest> ModifyGuest(ModifyGuestRequest request, ServerCallContext context) =>
        Answer(() => ToMessage(hypervisor.Modify(request.Name, new GuestChanges(
            request.HasVcpus ? request.Vcpus : null,
            request.HasMemoryBytes ? request.MemoryBytes : null,
            request.HasEntitlementPercent ? request.EntitlementPercent : null,
            request.HasEntitlementCapPercent ? request.EntitlementCapPercent : null,
            request.HasStartAttribute ? FromMessage(request.StartAttribute) : null,
            request.HasLabel ? request.Label : null,
            request.HasOsType ? request.OsType : null,
            request.HasImagePath ? request.ImagePath : null))));

    public override Task<Guest> GetGuest(GetGuestRequest request, ServerCallContext context) =>
        Answer(() => ToMessage(hypervisor.Get(request.Name)));

    public override Task<ListGuestsReply> ListGuests(ListGuestsRequest request, ServerCallContext context) =>
        Answer(() =>
        {
            var reply = new ListGuestsReply();
            reply.Guests.AddRange(hypervisor.List().Select(ToMessage));
            return reply;
        });

    public override Task<HostInfo> GetHostInfo(GetHostInfoRequest request, ServerCallContext context) =>
        Answer(() =>
        {
            var host = hypervisor.HostInfo();
            return new HostInfo
            {
                Name = host.Name,
                Cores = host.Cores,
                MemoryTotalBytes = host.MemoryTotalBytes,
                MemoryCommittedBytes = host.MemoryCommittedBytes,
                MemoryFreeBytes = host.MemoryTotalBytes > host.MemoryCommittedBytes ? host.MemoryTotalBytes - host.MemoryCommittedBytes : 0,
                EntitlementTotalPercent = host.Cores * 100,
                EntitlementCommittedPercent = host.EntitlementCommittedPercent,
                Load = host.Load,
                GuestCount = host.GuestCount,
                GuestsOn = host.GuestsOn,
                Version = typeof(HostAgentService).Assembly.GetName().Version?.ToString() ?? "",
            };
        });

    public override async Task WatchConsole(WatchConsoleRequest request, IServerStreamWriter<ConsoleChunk> responseStream, ServerCallContext context)
    {
        Consoles.ConsoleLog log;
        try
        {
            log = hypervisor.ConsoleOf(request.Name);
        }
        catch (HostRefusal e)
        {
            throw ToRpc(e);
        }

        // Streams end when the agent shuts down too, or a SIGTERM would wait for every watcher to leave.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        var cancellation = stopping.Token;
        long offset = (long)Math.Min(request.Offset, long.MaxValue);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                int n = log.Read(offset, buffer.AsSpan(0, ChunkSize));
                if (n > 0)
                {
                    await responseStream.WriteAsync(new ConsoleChunk { Offset = (ulong)offset, Data = ByteString.CopyFrom(buffer, 0, n) },
                        cancellation).ConfigureAwait(false);
                    offset += n;
                    continue;
                }

                if (!request.Follow || log.IsClosed)
                {
                    break;
                }

                await log.WaitAsync(offset, cancellation).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The watcher went away: nothing to report.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override Task<ConsoleInputReply> SendConsoleInput(ConsoleInput request, ServerCallContext context) =>
        Answer(() =>
        {
            hypervisor.SendInput(request.Name, request.Data.Span);
            return new ConsoleInputReply();
        });

    public override async Task WatchGuests(WatchGuestsRequest request, IServerStreamWriter<GuestEvent> responseStream, ServerCallContext context)
    {
        // Streams end when the agent shuts down too, or a SIGTERM would wait for every watcher to leave.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        var cancellation = stopping.Token;
        using var subscription = hypervisor.WatchChanges();
        try
        {
            await foreach (var change in subscription.Changes.ReadAllAsync(cancellation).ConfigureAwait(false))
            {
                await responseStream.WriteAsync(new GuestEvent { Guest = ToMessage(change.View), Removed = change.Removed, Sequence = change.Sequence },
                    cancellation).ConfigureAwait(false);
            }
        }
        catch (HostRefusal e)
        {
            throw ToRpc(e);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The watcher went away.
        }
    }

    private static Task<T> Answer<T>(Func<T> call)
    {
        try
        {
            return Task.FromResult(call());
        }
        catch (HostRefusal e)
        {
            throw ToRpc(e);
        }
    }

    private static RpcException ToRpc(HostRefusal e) => new(new Status(e.Kind switch
    {
        RefusalKind.NotFound => StatusCode.NotFound,
        RefusalKind.AlreadyExists => StatusCode.AlreadyExists,
        RefusalKind.InvalidArgument => StatusCode.InvalidArgument,
        RefusalKind.ResourceExhausted => StatusCode.ResourceExhausted,
        _ => StatusCode.FailedPrecondition,
    }, e.Message));

    private static GuestConfiguration FromMessage(GuestConfigurationMessage m) => new()
    {
        Name = m.Name,
        Vcpus = m.Vcpus,
        MemoryBytes = m.MemoryBytes,
        EntitlementPercent = m.EntitlementPercent,
        EntitlementCapPercent = m.HasEntitlementCapPercent && m.EntitlementCapPercent != 0 ? m.EntitlementCapPercent : null,
        StartAttribute = FromMessage(m.StartAttribute),
        Label = m.Label,
        OsType = m.OsType,
        ImagePath = m.ImagePath,
        Arguments = [.. m.Arguments],
    };

    private static StartAttribute FromMessage(V1.StartAttribute a) =>
        a == V1.StartAttribute.Manual ? StartAttribute.Manual : StartAttribute.Auto;

    private static GuestConfigurationMessage ToMessage(GuestConfiguration c)
    {
        var m = new GuestConfigurationMessage
        {
            Name = c.Name,
            Vcpus = c.Vcpus,
            MemoryBytes = c.MemoryBytes,
            EntitlementPercent = c.EntitlementPercent,
            StartAttribute = c.StartAttribute == StartAttribute.Manual ? V1.StartAttribute.Manual : V1.StartAttribute.Auto,
            Label = c.Label,
            OsType = c.OsType,
            ImagePath = c.ImagePath,
        };
        if (c.EntitlementCapPercent is { } cap)
        {
            m.EntitlementCapPercent = cap;
        }

        m.Arguments.AddRange(c.Arguments);
        return m;
    }

    private static Guest ToMessage(GuestView g)
    {
        var m = new Guest
        {
            Config = ToMessage(g.Config),
            State = g.MigratingAway && g.State == GuestRunState.On ? GuestState.Migrating : g.State switch
            {
                GuestRunState.On => GuestState.On,
                GuestRunState.Stopping => GuestState.Stopping,
                GuestRunState.Crashed => GuestState.Crashed,
                GuestRunState.Suspended => GuestState.Suspended,
                _ => GuestState.Off,
            },
            Reason = g.Reason,
            Fault = g.Fault,
            Instructions = (ulong)g.Instructions,
            CpuTimeMs = (ulong)g.CpuTimeMilliseconds,
            MemoryUsedBytes = g.MemoryUsedBytes,
            ConsoleLength = (ulong)g.ConsoleLength,
            Revision = g.Revision,
        };
        if (g.ExitStatus is { } status)
        {
            m.ExitStatus = status;
        }

        return m;
    }
}
