using Grpc.Core;
using Ivm.Host.V1;
using Xunit;

namespace Ivm.Host.Tests;

/// <summary>A small host (40 MiB, one core): starts beyond its memory or entitlement are refused, naming what is short.</summary>
public sealed class AdmissionTests : IAsyncLifetime
{
    private AgentProcess _agent = null!;

    public async Task InitializeAsync() =>
        _agent = await AgentProcess.StartAsync(Paths.NewDataDirectory("admission"), "small", "--cores", "1", "--memory", "40M");

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        Directory.Delete(_agent.DataDirectory, recursive: true);
    }

    [Fact]
    public async Task StartsBeyondMemoryOrEntitlementAreRefusedAndLeaveTheGuestOff()
    {
        var client = _agent.Client;
        foreach (var (name, size, entitlement) in new[] { ("a", 16UL << 20, 50), ("b", 16UL << 20, 40), ("c", 16UL << 20, 5), ("d", 4UL << 20, 20) })
        {
            await client.CreateGuestAsync(new CreateGuestRequest { Config = Guests.Config(name, Paths.Counter, size, entitlement) });
        }

        await client.StartGuestAsync(new StartGuestRequest { Name = "a" });
        await client.StartGuestAsync(new StartGuestRequest { Name = "b" });

        // 32 MiB of 40 are committed: c's 16 MiB do not fit.
        var memory = await Assert.ThrowsAsync<RpcException>(async () => await client.StartGuestAsync(new StartGuestRequest { Name = "c" }));
        Assert.Equal(StatusCode.FailedPrecondition, memory.StatusCode);
        Assert.Contains("not enough memory", memory.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("16777216", memory.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("entitlement", memory.Status.Detail, StringComparison.Ordinal);

        // 90 % of 100 are committed: d's 20 % do not fit (its 4 MiB would).
        var cpu = await Assert.ThrowsAsync<RpcException>(async () => await client.StartGuestAsync(new StartGuestRequest { Name = "d" }));
        Assert.Equal(StatusCode.FailedPrecondition, cpu.StatusCode);
        Assert.Contains("not enough CPU entitlement: it needs 20% and 10%", cpu.Status.Detail, StringComparison.Ordinal);

        // A refused start leaves nothing behind: the guests are Off and nothing more is committed.
        Assert.Equal(GuestState.Off, (await client.GetGuestAsync(new GetGuestRequest { Name = "c" })).State);
        var host = await client.GetHostInfoAsync(new GetHostInfoRequest());
        Assert.Equal((32UL << 20, 90, 2), (host.MemoryCommittedBytes, host.EntitlementCommittedPercent, host.GuestsOn));
        Assert.Equal(8UL << 20, host.MemoryFreeBytes);

        // Raising a running guest's entitlement past the capacity is refused the same way.
        var raise = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.ModifyGuestAsync(new ModifyGuestRequest { Name = "a", EntitlementPercent = 70 }));
        Assert.Contains("CPU entitlement", raise.Status.Detail, StringComparison.Ordinal);

        // Once a stops, both fit.
        await client.StopGuestAsync(new StopGuestRequest { Name = "a", Force = true });
        Assert.Equal(GuestState.On, (await client.StartGuestAsync(new StartGuestRequest { Name = "c" })).State);
        Assert.Equal(GuestState.On, (await client.StartGuestAsync(new StartGuestRequest { Name = "d" })).State);
    }
}
