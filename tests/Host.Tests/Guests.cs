using Ivm.Host.V1;

namespace Ivm.Host.Tests;

/// <summary>Guest configurations the tests create, and polling for a state.</summary>
internal static class Guests
{
    public static GuestConfig Config(string name, string image, ulong memory = 16 << 20, int entitlement = 10,
        StartAttribute start = StartAttribute.Manual) => new()
    {
        Name = name,
        Vcpus = 1,
        MemoryBytes = memory,
        EntitlementPercent = entitlement,
        StartAttribute = start,
        Label = $"test guest {name}",
        OsType = "LINUX",
        ImagePath = image,
    };

    public static async Task<Guest> WaitForStateAsync(HostAgent.HostAgentClient client, string name, GuestState state, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var guest = await client.GetGuestAsync(new GetGuestRequest { Name = name });
            if (guest.State == state || DateTime.UtcNow > deadline)
            {
                return guest;
            }

            await Task.Delay(20);
        }
    }
}
