using Ivm.Cluster.V1;
using HostV1 = Ivm.Host.V1;

namespace Ivm.Controller.Hosts;

/// <summary>The cluster API's messages to and from the host agent's, which mirror them field for field.</summary>
internal static class HostMessages
{
    public static HostV1.GuestConfig ToHost(GuestConfig config)
    {
        var host = new HostV1.GuestConfig
        {
            Name = config.Name,
            Vcpus = config.Vcpus,
            MemoryBytes = config.MemoryBytes,
            EntitlementPercent = config.EntitlementPercent,
            // The controller decides when guests start: on the host they are all manual.
            StartAttribute = HostV1.StartAttribute.Manual,
            Label = config.Label,
            OsType = config.OsType,
            ImagePath = config.ImagePath,
        };
        if (config.HasEntitlementCapPercent)
        {
            host.EntitlementCapPercent = config.EntitlementCapPercent;
        }

        host.Arguments.AddRange(config.Arguments);
        return host;
    }

    public static GuestState FromHost(HostV1.GuestState state) => state switch
    {
        HostV1.GuestState.On => GuestState.On,
        HostV1.GuestState.Stopping => GuestState.Stopping,
        HostV1.GuestState.Crashed => GuestState.Crashed,
        HostV1.GuestState.Suspended => GuestState.Suspended,
        HostV1.GuestState.Migrating => GuestState.Migrating,
        _ => GuestState.Off,
    };

    public static HostV1.ModifyGuestRequest ToHost(ModifyGuestRequest request)
    {
        var host = new HostV1.ModifyGuestRequest { Name = request.Name };
        if (request.HasVcpus) { host.Vcpus = request.Vcpus; }
        if (request.HasMemoryBytes) { host.MemoryBytes = request.MemoryBytes; }
        if (request.HasEntitlementPercent) { host.EntitlementPercent = request.EntitlementPercent; }
        if (request.HasEntitlementCapPercent) { host.EntitlementCapPercent = request.EntitlementCapPercent; }
        if (request.HasLabel) { host.Label = request.Label; }
        if (request.HasOsType) { host.OsType = request.OsType; }
        if (request.HasImagePath) { host.ImagePath = request.ImagePath; }
        return host;
    }
}
