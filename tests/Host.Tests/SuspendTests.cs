using Grpc.Core;
using Ivm.Host.V1;
using Xunit;

namespace Ivm.Host.Tests;

/// <summary>
/// SuspendGuest and ResumeGuest on real agent processes: the guest's whole state goes to a file in
/// the data directory, survives a kill -9 of the agent, and the resumed guest continues exactly where
/// it stopped — its console shows every line once, in order. Refusals leave everything as it was.
/// </summary>
public sealed class SuspendTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ASuspendedGuestSurvivesAKilledAgentAndResumesWhereItStopped()
    {
        string data = Paths.NewDataDirectory("suspend");
        try
        {
            string save = Path.Combine(data, "suspended", "counter.ivmsave");
            ulong atSuspend;
            int linesAtSuspend;
            await using (var first = await AgentProcess.StartAsync(data, "sleeper", "--cores", "1", "--memory", "64M"))
            {
                var client = first.Client;

                // Auto start: a restarted agent would start it afresh if it forgot it was Suspended.
                await client.CreateGuestAsync(new CreateGuestRequest { Config = Guests.Config("counter", Paths.Counter, start: StartAttribute.Auto) });
                await client.StartGuestAsync(new StartGuestRequest { Name = "counter" });
                await using (var console = new ConsoleWatcher(client, "counter"))
                {
                    await console.WaitForLinesAsync(4, Timeout);
                }

                var suspended = await client.SuspendGuestAsync(new SuspendGuestRequest { Name = "counter" });
                Assert.Equal(GuestState.Suspended, suspended.State);
                Assert.Contains("suspended to", suspended.Reason, StringComparison.Ordinal);
                Assert.True(File.Exists(save), $"no {save}");
                Assert.False(File.Exists(save + ".tmp"));
                atSuspend = suspended.ConsoleLength;

                // It holds nothing and prints nothing while Suspended.
                var host = await client.GetHostInfoAsync(new GetHostInfoRequest());
                Assert.Equal((0UL, 0, 0), (host.MemoryCommittedBytes, host.EntitlementCommittedPercent, host.GuestsOn));
                await Task.Delay(600);
                Assert.Equal(atSuspend, (await client.GetGuestAsync(new GetGuestRequest { Name = "counter" })).ConsoleLength);
                await using (var console = new ConsoleWatcher(client, "counter"))
                {
                    await console.WaitForAsync(text => text.Length == (int)atSuspend, Timeout);
                    linesAtSuspend = console.Lines.Length;
                }

                await first.KillAsync();
            }

            await using var second = await AgentProcess.StartAsync(data, "sleeper", "--cores", "1", "--memory", "64M");
            var again = await second.Client.GetGuestAsync(new GetGuestRequest { Name = "counter" });
            Assert.Equal(GuestState.Suspended, again.State);
            Assert.Equal(atSuspend, again.ConsoleLength);
            Assert.True(File.Exists(save));

            var resumed = await second.Client.ResumeGuestAsync(new ResumeGuestRequest { Name = "counter" });
            Assert.Equal(GuestState.On, resumed.State);
            Assert.False(File.Exists(save), "the save file outlived the resume");

            // The whole console, from its first byte: one run of the counter, no line twice or missing.
            await using var watcher = new ConsoleWatcher(second.Client, "counter");
            await watcher.WaitForLinesAsync(linesAtSuspend + 4, Timeout);
            int lines = watcher.Lines.Length;
            Assert.Equal(Counted(lines), watcher.Text[..Counted(lines).Length]);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task AGuestsMemoryIsIntactAfterSuspendsAndAnAgentRestart()
    {
        string data = Paths.NewDataDirectory("suspend-memory");
        try
        {
            // memsum keeps a sum over a 256 KiB buffer it keeps changing and checks it every line
            // ("ok N", or "BAD N"); at 50 lines a second with real work between its sleeps, the
            // suspends catch it running as well as parked.
            var config = Guests.Config("memsum", Paths.MemorySum);
            await using (var first = await AgentProcess.StartAsync(data, "checker", "--cores", "1", "--memory", "64M"))
            {
                var client = first.Client;
                await client.CreateGuestAsync(new CreateGuestRequest { Config = config });
                await client.StartGuestAsync(new StartGuestRequest { Name = "memsum" });
                await using (var console = new ConsoleWatcher(client, "memsum"))
                {
                    for (int i = 0; i < 4; i++)
                    {
                        await console.WaitForLinesAsync(console.Lines.Length + 5, Timeout);
                        Assert.Equal(GuestState.Suspended, (await client.SuspendGuestAsync(new SuspendGuestRequest { Name = "memsum" })).State);
                        if (i < 3)
                        {
                            Assert.Equal(GuestState.On, (await client.ResumeGuestAsync(new ResumeGuestRequest { Name = "memsum" })).State);
                        }
                    }
                }

                await first.KillAsync();
            }

            await using var second = await AgentProcess.StartAsync(data, "checker", "--cores", "1", "--memory", "64M");
            await second.Client.ResumeGuestAsync(new ResumeGuestRequest { Name = "memsum" });
            await using var whole = new ConsoleWatcher(second.Client, "memsum");
            await whole.WaitForLinesAsync(60, Timeout);
            string[] lines = whole.Lines;
            Assert.Equal(Enumerable.Range(0, lines.Length).Select(n => $"ok {n}"), lines);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task ConsoleInputIsNeitherLostNorRepeatedAcrossSuspends()
    {
        string data = Paths.NewDataDirectory("suspend-input");
        try
        {
            await using var agent = await AgentProcess.StartAsync(data, "typist", "--cores", "1", "--memory", "64M");
            var client = agent.Client;
            await client.CreateGuestAsync(new CreateGuestRequest { Config = Guests.Config("echo", Paths.Echo) });
            await client.StartGuestAsync(new StartGuestRequest { Name = "echo" });
            await using var console = new ConsoleWatcher(client, "echo");
            string expected = "";

            // Each line is sent just before the suspend: whether echo read it before the pause or it
            // travelled in the save file as unread input, it comes back exactly once.
            for (int i = 0; i < 5; i++)
            {
                string line = $"line {i}\n";
                expected += line;
                await client.SendConsoleInputAsync(new ConsoleInput { Name = "echo", Data = Google.Protobuf.ByteString.CopyFromUtf8(line) });
                Assert.Equal(GuestState.Suspended, (await client.SuspendGuestAsync(new SuspendGuestRequest { Name = "echo" })).State);
                var refused = await Assert.ThrowsAsync<RpcException>(async () =>
                    await client.SendConsoleInputAsync(new ConsoleInput { Name = "echo", Data = Google.Protobuf.ByteString.CopyFromUtf8("lost?\n") }));
                Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
                Assert.Equal(GuestState.On, (await client.ResumeGuestAsync(new ResumeGuestRequest { Name = "echo" })).State);
                await console.WaitForAsync(text => text == expected, Timeout);
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task RefusalsLeaveTheGuestAsItWas()
    {
        string data = Paths.NewDataDirectory("suspend-refusals");
        try
        {
            // 40 MiB: room for one 32 MiB guest at a time.
            await using var agent = await AgentProcess.StartAsync(data, "tight", "--cores", "1", "--memory", "40M");
            var client = agent.Client;
            string save = Path.Combine(data, "suspended", "a.ivmsave");
            await client.CreateGuestAsync(new CreateGuestRequest { Config = Guests.Config("a", Paths.Counter, memory: 32 << 20) });
            await client.CreateGuestAsync(new CreateGuestRequest { Config = Guests.Config("b", Paths.Counter, memory: 32 << 20) });

            await Refused(() => client.SuspendGuestAsync(new SuspendGuestRequest { Name = "a" }).ResponseAsync, "only a guest that is On can be suspended");
            await Refused(() => client.ResumeGuestAsync(new ResumeGuestRequest { Name = "a" }).ResponseAsync, "only a Suspended guest can be resumed");
            var missing = await Assert.ThrowsAsync<RpcException>(async () => await client.SuspendGuestAsync(new SuspendGuestRequest { Name = "nobody" }));
            Assert.Equal(StatusCode.NotFound, missing.StatusCode);

            await client.StartGuestAsync(new StartGuestRequest { Name = "a" });
            await using var console = new ConsoleWatcher(client, "a");
            await console.WaitForLinesAsync(2, Timeout);

            // A save that cannot be written (a directory squats on its temporary file) leaves it running.
            Directory.CreateDirectory(save + ".tmp");
            var failed = await Refused(() => client.SuspendGuestAsync(new SuspendGuestRequest { Name = "a" }).ResponseAsync,
                "could not be suspended and keeps running");
            Assert.Contains(save, failed, StringComparison.Ordinal);
            Assert.Equal(GuestState.On, (await client.GetGuestAsync(new GetGuestRequest { Name = "a" })).State);
            int lines = console.Lines.Length;
            await console.WaitForLinesAsync(lines + 2, Timeout);
            Assert.False(File.Exists(save));
            Directory.Delete(save + ".tmp");

            await client.SuspendGuestAsync(new SuspendGuestRequest { Name = "a" });
            await Refused(() => client.SuspendGuestAsync(new SuspendGuestRequest { Name = "a" }).ResponseAsync, "only a guest that is On can be suspended");
            await Refused(() => client.StartGuestAsync(new StartGuestRequest { Name = "a" }).ResponseAsync, "is Suspended; resume it");
            await Refused(() => client.RemoveGuestAsync(new RemoveGuestRequest { Name = "a" }).ResponseAsync, "stop it first");
            await Refused(() => client.ModifyGuestAsync(new ModifyGuestRequest { Name = "a", MemoryBytes = 16 << 20 }).ResponseAsync,
                "memory (33554432 -> 16777216 bytes) can only be changed while it is Off");
            Assert.Equal(GuestState.Suspended,
                (await client.ModifyGuestAsync(new ModifyGuestRequest { Name = "a", Label = "sleeping" })).State);

            // Its memory is free: b starts; then a's resume does not fit and changes nothing.
            await client.StartGuestAsync(new StartGuestRequest { Name = "b" });
            var full = await Refused(() => client.ResumeGuestAsync(new ResumeGuestRequest { Name = "a" }).ResponseAsync, "cannot resume guest 'a'");
            Assert.Contains("not enough memory", full, StringComparison.Ordinal);
            Assert.Equal(GuestState.Suspended, (await client.GetGuestAsync(new GetGuestRequest { Name = "a" })).State);
            Assert.True(File.Exists(save));

            await client.StopGuestAsync(new StopGuestRequest { Name = "b", Force = true });
            Assert.Equal(GuestState.On, (await client.ResumeGuestAsync(new ResumeGuestRequest { Name = "a" })).State);
            await console.WaitForLinesAsync(console.Lines.Length + 2, Timeout);
            int shown = console.Lines.Length;
            Assert.Equal(Counted(shown), console.Text[..Counted(shown).Length]);

            // A damaged save file: the resume is refused and the guest stays Suspended; a stop discards it.
            await client.SuspendGuestAsync(new SuspendGuestRequest { Name = "a" });
            using (var file = new FileStream(save, FileMode.Open))
            {
                file.SetLength(file.Length / 2);
            }

            var damaged = await Refused(() => client.ResumeGuestAsync(new ResumeGuestRequest { Name = "a" }).ResponseAsync, "stays Suspended: its saved state");
            Assert.Contains("truncated", damaged, StringComparison.Ordinal);
            Assert.Equal(GuestState.Suspended, (await client.GetGuestAsync(new GetGuestRequest { Name = "a" })).State);
            var stopped = await client.StopGuestAsync(new StopGuestRequest { Name = "a" });
            Assert.Equal(GuestState.Off, stopped.State);
            Assert.Contains("saved state", stopped.Reason, StringComparison.Ordinal);
            Assert.Contains("discarded", stopped.Reason, StringComparison.Ordinal);
            Assert.False(File.Exists(save));
            await client.RemoveGuestAsync(new RemoveGuestRequest { Name = "a" });
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static string Counted(int lines) => string.Concat(Enumerable.Range(0, lines).Select(n => $"count {n}\n"));

    // The call fails with FAILED_PRECONDITION and a message containing the fragment; returns the message.
    private static async Task<string> Refused<T>(Func<Task<T>> call, string fragment)
    {
        var e = await Assert.ThrowsAsync<RpcException>(async () => await call());
        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Contains(fragment, e.Status.Detail, StringComparison.Ordinal);
        return e.Status.Detail;
    }
}
