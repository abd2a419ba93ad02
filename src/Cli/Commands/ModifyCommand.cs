using System.CommandLine;
using Ivm.Cluster.V1;

namespace Ivm.Cli.Commands;

/// <summary>
/// <c>hpvm modify -P NAME [-c vcpus] [-r size] [-e percent[:max]] [-B auto|manual] [-l label]
/// [-O os_type] [-i image] [-x name=value]…</c> (hpvmmodify): changes only what is given. The
/// controller refuses, by name, changes that need the guest Off while it is On, and checks -x's
/// attribute names and values (it knows them: one list, not two).
/// </summary>
public static class ModifyCommand
{
    public static Command Create()
    {
        var options = new GuestOptions();
        var number = new Option<string?>("-p") { Description = "The virtual machine to change, by its VM # (as hpvmstatus shows it) instead of -P.", HelpName = "vm_number" };
        var attributes = new Option<string[]>("-x")
        {
            Description = "Set an attribute, NAME=VALUE (repeatable): online_migration=enabled|disabled; migrate_init_phase_timeout, "
                + "migrate_copy_phase_timeout, migrate_io_quiesce_phase_timeout, migrate_frozen_phase_timeout in seconds (0: HPVM's default, "
                + "90, unlimited, 15 and 60). They change while the guest runs.",
            HelpName = "name=value",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("modify", "Change a virtual machine's configuration (hpvmmodify). vCPUs, memory and image need it Off; entitlement, label, OS type and start attribute can change while it runs.");
        options.AddTo(command);
        command.Add(number);
        command.Add(attributes);
        CommandAction.Set(command, "modify", async (parse, cancel) =>
        {
            var selection = GuestTarget.Check(parse.GetValue(options.Name), parse.GetValue(number), "to change");
            var request = new ModifyGuestRequest();
            if (parse.GetValue(options.Vcpus) is { } c)
            {
                request.Vcpus = GuestValues.Vcpus("-c", c);
            }

            if (parse.GetValue(options.Memory) is { } r)
            {
                request.MemoryBytes = GuestValues.Memory("-r", r);
            }

            if (options.EntitlementOf(parse) is { } entitlement)
            {
                request.EntitlementPercent = entitlement.Percent;
                if (entitlement.Cap is { } cap)
                {
                    request.EntitlementCapPercent = cap;
                }
            }

            if (parse.GetValue(options.StartAttribute) is { } b)
            {
                request.StartAttribute = GuestValues.StartAttribute("-B", b);
            }

            if (parse.GetValue(options.Label) is { } l)
            {
                request.Label = GuestValues.Label("-l", l);
            }

            if (parse.GetValue(options.OsType) is { } o)
            {
                request.OsType = GuestValues.OsType("-O", o);
            }

            if (parse.GetValue(options.Image) is { } i)
            {
                request.ImagePath = GuestValues.Image("-i", i);
            }

            foreach (string x in parse.GetValue(attributes) ?? [])
            {
                int equals = x.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    throw new CommandError($"-x {x}: write NAME=VALUE, e.g. -x online_migration=disabled");
                }

                string key = x[..equals].Trim();
                if (!request.Attributes.TryAdd(key, x[(equals + 1)..].Trim()))
                {
                    throw new CommandError($"-x {x}: {key} is given twice; give each attribute once");
                }
            }

            if (!(request.Attributes.Count > 0 || request.HasVcpus || request.HasMemoryBytes || request.HasEntitlementPercent || request.HasStartAttribute
                || request.HasLabel || request.HasOsType || request.HasImagePath))
            {
                throw new CommandError($"{selection}: nothing to change; give at least one of -c, -r, -e, -B, -l, -O, -i, -x");
            }

            using var controller = ControllerConnection.Open(parse);
            request.Name = await GuestTarget.ResolveAsync(selection, controller, cancel).ConfigureAwait(false);
            await controller.CallAsync(client => client.ModifyGuestAsync(request, deadline: ControllerConnection.Deadline(), cancellationToken: cancel)).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
