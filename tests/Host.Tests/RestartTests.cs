using Ivm.Host.V1;
using Xunit;

namespace Ivm.Host.Tests;

/// <summary>The agent is killed (-9) and started again on the same data directory: nothing is lost.</summary>
public sealed class RestartTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ARestartedAgentReloadsEveryGuestAndStartsTheAutoAndOnOnes()
    {
        string data = Paths.NewDataDirectory("restart");
        try
        {
            ulong consoleBefore;
            await using (var first = await AgentProcess.StartAsync(data, "phoenix", "--cores", "2", "--memory", "1G"))
            {
                var client = first.Client;
                var auto = Guests.Config("auto1", Paths.Counter, start: StartAttribute.Auto);
                auto.EntitlementCapPercent = 50;
                await client.CreateGuestAsync(new CreateGuestRequest { Config = auto });
                await client.CreateGuestAsync(new CreateGuestRequest { Config = Guests.Config("manual-on", Paths.Counter) });
                await client.CreateGuestAsync(new CreateGuestRequest { Config = Guests.Config("manual-off", Paths.Counter, memory: 32 << 20) });
                await client.StartGuestAsync(new StartGuestRequest { Name = "manual-on" });
                await client.ModifyGuestAsync(new ModifyGuestRequest { Name = "manual-off", Label = "changed before the crash" });
                await using (var console = new ConsoleWatcher(client, "manual-on"))
                {
                    await console.WaitForLinesAsync(2, Timeout);
                }

                consoleBefore = (await client.GetGuestAsync(new GetGuestRequest { Name = "manual-on" })).ConsoleLength;
                await first.KillAsync();
            }

            await using var second = await AgentProcess.StartAsync(data, "phoenix", "--cores", "2", "--memory", "1G");
            var guests = (await second.Client.ListGuestsAsync(new ListGuestsRequest())).Guests.ToDictionary(g => g.Config.Name);
            Assert.Equal(["auto1", "manual-off", "manual-on"], guests.Keys.Order(StringComparer.Ordinal));

            Assert.Equal(GuestState.On, guests["auto1"].State);                // start attribute auto
            Assert.Equal(50, guests["auto1"].Config.EntitlementCapPercent);
            Assert.Equal(GuestState.On, guests["manual-on"].State);            // was On when killed
            Assert.Equal(GuestState.Off, guests["manual-off"].State);
            Assert.Equal("changed before the crash", guests["manual-off"].Config.Label);
            Assert.Equal(32UL << 20, guests["manual-off"].Config.MemoryBytes);
            Assert.Equal(Paths.Counter, guests["manual-off"].Config.ImagePath);

            // The console log goes on after what was written before the kill; the guest starts over
            // (its first run may have been cut mid-line by the kill).
            Assert.True(guests["manual-on"].ConsoleLength >= consoleBefore);
            await using var watcher = new ConsoleWatcher(second.Client, "manual-on");
            await watcher.WaitForAsync(text => text.LastIndexOf("count 0\n", StringComparison.Ordinal) >= (int)consoleBefore, Timeout);
            Assert.StartsWith("count 0\ncount 1\n", watcher.Text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
