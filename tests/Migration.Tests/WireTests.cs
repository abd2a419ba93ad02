using System.Text;
using Grpc.Core;

namespace Ivm.Migration.Tests;

/// <summary>What travels between the agents: no guest page in clear.</summary>
public sealed class WireTests
{
    [Fact]
    public async Task The_marker_the_guest_keeps_in_memory_never_appears_on_the_wire()
    {
        byte[] marker = Encoding.ASCII.GetBytes(Agents.Marker);
        // The control: the marker is really in the guest's image (its data, loaded into memory).
        Assert.True(File.ReadAllBytes(Agents.Dirtier).AsSpan().IndexOf(marker) >= 0, "the dirtier image does not hold the marker");

        var agents = await Agents.StartAsync("wire-a", "wire-b");
        var (a, b) = (agents[0], agents[1]);
        try
        {
            await using var console = await Agents.StartDirtierAsync(a, "secretive");
            await using var proxy = new TcpProxy(new Uri(b.Address)) { Record = true };
            var outcome = await Agents.MigrateAsync(a, b, "secretive", proxy.Address);
            Assert.True(outcome.Result.Success, outcome.Result.Error);
            await console.SwitchToAsync(b.Client);
            await Agents.AssertRunsOnlyOnAsync(b, "secretive", console, a);

            byte[] wire = proxy.Recorded;
            Assert.True(wire.Length > 4 << 20, $"only {wire.Length} bytes were recorded; the guest has 4 MiB of memory");
            Assert.Equal(-1, wire.AsSpan().IndexOf(marker));
            // Nor any console line, which the log also carries.
            Assert.Equal(-1, wire.AsSpan().IndexOf("seq 5\n"u8));
        }
        finally
        {
            await Agents.DisposeAsync(agents);
        }
    }

    /// <summary>The control for the test above, and the setting that exists to measure what sealing
    /// costs: with it off on both agents the same recording finds the marker; an agent that seals
    /// refuses a source that does not.</summary>
    [Fact]
    public async Task With_encryption_off_on_both_agents_the_marker_is_on_the_wire_and_an_agent_that_seals_refuses_it()
    {
        byte[] marker = Encoding.ASCII.GetBytes(Agents.Marker);
        var clear = await Agents.StartWithOptionsAsync(["--migration-encryption", "off"], "clear-a", "clear-b");
        var sealing = await Agents.StartAsync("clear-c");
        var (a, b, c) = (clear[0], clear[1], sealing[0]);
        try
        {
            await using var console = await Agents.StartDirtierAsync(a, "open");
            var refused = await Assert.ThrowsAsync<RpcException>(() => Agents.MigrateAsync(a, c, "open"));
            Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
            Assert.Contains("host 'clear-c' accepts only encrypted migration streams, but the source 'clear-a' runs with --migration-encryption off", refused.Status.Detail, StringComparison.Ordinal);

            await using var proxy = new TcpProxy(new Uri(b.Address)) { Record = true };
            var outcome = await Agents.MigrateAsync(a, b, "open", proxy.Address);
            Assert.True(outcome.Result.Success, outcome.Result.Error);
            await console.SwitchToAsync(b.Client);
            await Agents.AssertRunsOnlyOnAsync(b, "open", console, a, c);
            Assert.True(proxy.Recorded.AsSpan().IndexOf(marker) >= 0, "the marker did not appear in a stream sent in clear");
        }
        finally
        {
            await Agents.DisposeAsync([.. clear, .. sealing]);
        }
    }
}
