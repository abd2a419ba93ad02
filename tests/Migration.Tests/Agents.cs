using Grpc.Core;
using Grpc.Net.Client;
using Ivm.Host.Tests;
using Ivm.Host.V1;
using Ivm.Migration.V1;

namespace Ivm.Migration.Tests;

/// <summary>Real host agents on loopback, the dirtier guest, and migrations between them.</summary>
internal static class Agents
{
    public static string Dirtier => Path.Combine(Paths.Repository, "guests", "bin", "ia64", "dirtier", "dirtier");

    /// <summary>The string the dirtier guest keeps in its memory.</summary>
    public const string Marker = "IVM-MIGRATION-MARKER-Q7ZK3W9P";

    public static Task<AgentProcess[]> StartAsync(params string[] names) => StartWithOptionsAsync([], names);

    public static async Task<AgentProcess[]> StartWithOptionsAsync(string[] options, params string[] names)
    {
        var agents = new AgentProcess[names.Length];
        await Task.WhenAll(names.Select(async (name, i) =>
            agents[i] = await AgentProcess.StartAsync(Paths.NewDataDirectory($"mig-{name}"), name, ["--memory", "1G", .. options])));
        return agents;
    }

    public static async Task DisposeAsync(AgentProcess[] agents)
    {
        foreach (var agent in agents)
        {
            await agent.DisposeAsync();
        }
    }

    /// <summary>Creates and starts the dirtier guest and waits for its first lines.</summary>
    public static async Task<FollowingConsole> StartDirtierAsync(AgentProcess agent, string name)
    {
        await agent.Client.CreateGuestAsync(new CreateGuestRequest
        {
            Config = new GuestConfig
            {
                Name = name,
                ImagePath = Dirtier,
                MemoryBytes = 64UL << 20,
                EntitlementPercent = 20,
                StartAttribute = Host.V1.StartAttribute.Manual,
            },
        });
        await agent.Client.StartGuestAsync(new StartGuestRequest { Name = name });
        var console = new FollowingConsole(agent.Client, name);
        await console.WaitForMoreAsync(10, TimeSpan.FromSeconds(30));
        return console;
    }

    public sealed record Outcome(List<MigrationProgress> Progress, MigrationResult Result);

    /// <summary>
    /// HostAgent.MigrateGuest on <paramref name="source"/> to <paramref name="targetUrl"/> (the
    /// target agent itself, or a proxy before it), as the controller calls it: the target is told
    /// the token first.
    /// </summary>
    public static async Task<Outcome> MigrateAsync(AgentProcess source, AgentProcess target, string name, Uri? targetUrl = null,
        uint bandwidthMbPerS = 0, bool online = true, bool checkOnly = false, CancellationToken cancel = default, bool expect = true, HttpMessageHandler? handler = null,
        uint maxTotalMs = 0, uint downtimeMs = 0, uint frozenMs = 0)
    {
        var progress = await MigrationCall.RunAsync(source, target, new MigrateGuestRequest
        {
            Name = name,
            TargetUrl = targetUrl?.ToString() ?? "",
            TargetHost = "target",
            Online = online,
            CheckOnly = checkOnly,
            BandwidthMbPerS = bandwidthMbPerS,
            MaxTotalMs = maxTotalMs,
            Timeouts = frozenMs == 0 ? null : new PhaseTimeouts { FrozenMs = frozenMs },
            DowntimeMs = downtimeMs,
        }, expect, handler, cancel);
        var last = progress.LastOrDefault() ?? throw new InvalidOperationException("MigrateGuest ended without a message");
        Assert.NotNull(last.Result);
        return new Outcome(progress, last.Result);
    }

    public static async Task<Guest?> FindAsync(AgentProcess agent, string name)
    {
        try
        {
            return await agent.Client.GetGuestAsync(new GetGuestRequest { Name = name });
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The guest runs on <paramref name="home"/> only, and keeps printing with its memory intact.</summary>
    public static async Task AssertRunsOnlyOnAsync(AgentProcess home, string name, FollowingConsole console, params AgentProcess[] others)
    {
        // An abandoned migration may still be winding down on the source (Migrating) for a moment.
        var guest = await FindAsync(home, name);
        for (var deadline = DateTime.UtcNow.AddSeconds(10); guest?.State == GuestState.Migrating && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(20);
            guest = await FindAsync(home, name);
        }

        Assert.NotNull(guest);
        Assert.Equal(GuestState.On, guest.State);
        foreach (var other in others)
        {
            Assert.Null(await FindAsync(other, name));
        }

        // Past a checksum pass (every 8th line) on the agent it runs on now.
        await console.WaitForMoreAsync(17, TimeSpan.FromSeconds(30));
        console.AssertContinuous();
    }
}
