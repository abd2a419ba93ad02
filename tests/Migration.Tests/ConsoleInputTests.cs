using System.Text;
using Grpc.Core;
using Google.Protobuf;
using Ivm.Host.Tests;
using Ivm.Host.V1;

namespace Ivm.Migration.Tests;

/// <summary>Console input across a migration: a guest parked in read(0) moves, and every line sent
/// while it moves — before, during the freeze, after — is echoed exactly once, in order.</summary>
public sealed class ConsoleInputTests
{
    [Fact]
    public async Task Lines_typed_while_an_echo_guest_migrates_come_back_once_in_order()
    {
        var agents = await Agents.StartAsync("echo-a", "echo-b");
        var (a, b) = (agents[0], agents[1]);
        try
        {
            await a.Client.CreateGuestAsync(new CreateGuestRequest
            {
                Config = new GuestConfig { Name = "parrot", ImagePath = Paths.Echo, MemoryBytes = 16UL << 20, EntitlementPercent = 10, StartAttribute = Host.V1.StartAttribute.Manual },
            });
            await a.Client.StartGuestAsync(new StartGuestRequest { Name = "parrot" });
            await using var console = new FollowingConsole(a.Client, "parrot");

            const int lines = 60;
            var home = a;
            var migrated = new TaskCompletionSource();
            var typing = Task.Run(async () =>
            {
                for (int i = 0; i < lines; i++)
                {
                    var line = ByteString.CopyFrom(Encoding.ASCII.GetBytes($"line {i}\n"));
                    while (true)
                    {
                        try
                        {
                            await home.Client.SendConsoleInputAsync(new Host.V1.ConsoleInput { Name = "parrot", Data = line });
                            break;
                        }
                        catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.ResourceExhausted)
                        {
                            // Gone from the source (or its input closed at the commit): it is on the target.
                            home = b;
                            await Task.Delay(5);
                        }
                    }

                    await Task.Delay(10);
                }
            });

            await Task.Delay(150);
            var outcome = await Agents.MigrateAsync(a, b, "parrot");
            Assert.True(outcome.Result.Success, outcome.Result.Error);
            home = b;
            await typing;
            await console.SwitchToAsync(b.Client);
            string expected = string.Concat(Enumerable.Range(0, lines).Select(i => $"line {i}\n"));
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (console.Text.Length < expected.Length && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.Equal(expected, console.Text);
            Assert.Null(await Agents.FindAsync(a, "parrot"));
            Assert.Equal(GuestState.On, (await Agents.FindAsync(b, "parrot"))!.State);
        }
        finally
        {
            await Agents.DisposeAsync(agents);
        }
    }
}
