using Google.Protobuf;
using Grpc.Core;
using Ivm.Cluster.V1;
using HostV1 = Ivm.Host.V1;

namespace Ivm.Controller.Grains;

// hpvm suspend / resume: relayed to the guest's host, which saves it to its disk and continues it
// there (a suspended guest's state lives on that host, so it resumes on the same one).
internal sealed partial class GuestGrain
{
    public async Task<byte[]> Suspend()
    {
        var guest = Current;
        RefuseWhileMigrating(guest, "suspend");
        if (guest.State != GuestState.On)
        {
            throw Refused($"guest '{Name}' is {guest.State}: only an On guest can be suspended");
        }

        var host = await HostAsync(guest.Host);
        var suspended = (await Call(host.Name, () => agents.For(host.Address).SuspendGuestAsync(
            new HostV1.SuspendGuestRequest { Name = Name }, deadline: DateTime.UtcNow.AddMinutes(2)).ResponseAsync))!;
        Apply(guest, suspended);
        await SaveAsync(guest);
        return guest.ToByteArray();
    }

    public async Task<byte[]> Resume()
    {
        var guest = Current;
        if (guest.State != GuestState.Suspended)
        {
            throw Refused($"guest '{Name}' is {guest.State}, not Suspended: only a suspended guest can be resumed (hpvm start -P {Name} starts an Off one)");
        }

        var host = await HostAsync(guest.Host);
        var resumed = (await Call(host.Name, () => agents.For(host.Address).ResumeGuestAsync(
            new HostV1.ResumeGuestRequest { Name = Name }, deadline: DateTime.UtcNow.AddMinutes(2)).ResponseAsync))!;
        Apply(guest, resumed);
        await SaveAsync(guest);
        return guest.ToByteArray();
    }
}
