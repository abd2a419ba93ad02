using System.CommandLine;
using Ivm.Cluster.V1;

namespace Ivm.Cli.Commands;

/// <summary>
/// <c>hpvm create -P NAME [-c vcpus] [-r size] [-e percent[:max] | -E cycles[:max]] [-B auto|manual]
/// [-l label] [-O os_type] [-i image] [-h host]</c> (hpvmcreate): defines a guest, Off, with HPVM's
/// defaults — 1 vCPU, 2 GB, 10 % entitlement, start attribute auto.
/// </summary>
public static class CreateCommand
{
    public const ulong DefaultMemory = 2UL << 30;
    public const int DefaultEntitlement = 10;

    public static Command Create()
    {
        var options = new GuestOptions();
        var host = new Option<string?>("-h") { Description = "Pin the guest to this host (by the name it registered with); default: the controller places it when it starts.", HelpName = "host" };
        var command = new Command("create", "Create a virtual machine (hpvmcreate). It is created Off; start it with 'hpvm start -P NAME'.");
        options.AddTo(command);
        command.Add(host);
        CommandAction.Set(command, "create", async (parse, cancel) =>
        {
            var config = new GuestConfig
            {
                Name = GuestValues.Name("-P", parse.GetValue(options.Name)),
                Vcpus = parse.GetValue(options.Vcpus) is { } c ? GuestValues.Vcpus("-c", c) : 1,
                MemoryBytes = parse.GetValue(options.Memory) is { } r ? GuestValues.Memory("-r", r) : DefaultMemory,
                EntitlementPercent = DefaultEntitlement,
                StartAttribute = parse.GetValue(options.StartAttribute) is { } b ? GuestValues.StartAttribute("-B", b) : StartAttribute.Auto,
                Label = parse.GetValue(options.Label) is { } l ? GuestValues.Label("-l", l) : "",
                OsType = parse.GetValue(options.OsType) is { } o ? GuestValues.OsType("-O", o) : "LINUX",
                ImagePath = parse.GetValue(options.Image) is { } i ? GuestValues.Image("-i", i) : "",
                PinnedHost = parse.GetValue(host) is { } h ? GuestValues.Host("-h", h) : "",
            };
            if (options.EntitlementOf(parse) is { } entitlement)
            {
                config.EntitlementPercent = entitlement.Percent;
                if (entitlement.Cap is { } cap)
                {
                    config.EntitlementCapPercent = cap;
                }
            }

            using var controller = ControllerConnection.Open(parse);
            await controller.CallAsync(client => client.CreateGuestAsync(new CreateGuestRequest { Config = config }, deadline: ControllerConnection.Deadline(), cancellationToken: cancel)).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
