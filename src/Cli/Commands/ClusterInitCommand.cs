using System.CommandLine;
using Ivm.Security;

namespace Ivm.Cli.Commands;

/// <summary>
/// <c>hpvm cluster init [--dir DIR] [--hosts N | --host NAME...] [--admin NAME] [--address ADDR...]
/// [--days N]</c>: creates the cluster CA and the certificates of the controller, each host agent
/// and an admin user, which every gRPC connection of the cluster then requires (mutual TLS).
/// </summary>
public static class ClusterInitCommand
{
    /// <summary>Where certificates live by default: $IVM_HOME/tls (IVM_HOME defaults to ~/.ivm).</summary>
    public static string DefaultDirectory =>
        Path.Combine(Environment.GetEnvironmentVariable("IVM_HOME") is { Length: > 0 } home
            ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ivm"), "tls");

    public static Command Create()
    {
        var dir = new Option<string>("--dir") { Description = $"Directory for the CA and certificates (default {DefaultDirectory}); must not hold a CA already." };
        var hosts = new Option<int>("--hosts") { Description = "Issue certificates for host agents host1..hostN (default 3).", DefaultValueFactory = _ => 3 };
        var hostNames = new Option<string[]>("--host") { Description = "Issue a host certificate under this name instead (repeatable).", AllowMultipleArgumentsPerToken = true };
        var admin = new Option<string>("--admin") { Description = "Name of the admin user's client certificate (default admin).", DefaultValueFactory = _ => "admin" };
        var addresses = new Option<string[]>("--address") { Description = "Extra IP address or DNS name the controller and hosts are reached at (repeatable; localhost and 127.0.0.1 are always included).", AllowMultipleArgumentsPerToken = true };
        var days = new Option<int>("--days") { Description = "Validity of every certificate in days (default 825).", DefaultValueFactory = _ => 825 };
        var command = new Command("init", "Create the cluster's certificate authority and the certificates of the controller, the hosts and an admin user.")
        {
            dir, hosts, hostNames, admin, addresses, days,
        };
        command.SetAction(parse => Run(
            parse.GetValue(dir) ?? DefaultDirectory,
            parse.GetValue(hosts),
            parse.GetValue(hostNames) ?? [],
            parse.GetValue(admin)!,
            parse.GetValue(addresses) ?? [],
            parse.GetValue(days)));
        return command;
    }

    private static int Run(string directory, int hostCount, string[] hostNames, string admin, string[] addresses, int days)
    {
        const string Name = "cluster init";
        if (hostNames.Length == 0 && hostCount is < 1 or > 1000)
        {
            return CommandError.Report(Name, $"--hosts {hostCount}: must be a whole number from 1 to 1000");
        }
        if (days is < 1 or > 3650)
        {
            return CommandError.Report(Name, $"--days {days}: must be from 1 to 3650");
        }

        var names = hostNames.Length > 0 ? hostNames : Enumerable.Range(1, hostCount).Select(n => $"host{n}").ToArray();
        var all = names.Append("controller").Append(admin).ToList();
        if (all.FirstOrDefault(n => !IsValidName(n)) is { } bad)
        {
            return CommandError.Report(Name, $"'{bad}': a name must be 1-63 letters, digits, '-' or '_', starting with a letter or digit");
        }
        if (all.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            return CommandError.Report(Name, $"'{duplicate.Key}' is given twice: names must be unique");
        }

        try
        {
            var written = ClusterAuthority.Initialize(directory, names.Prepend("controller"), [admin], addresses, TimeSpan.FromDays(days));
            Console.WriteLine($"Cluster CA and {written.Count / 2 - 1} certificates in {Path.GetFullPath(directory)}:");
            Console.WriteLine($"  ca.crt (trusted by every component), controller, {string.Join(", ", names)}, {admin} (client)");
            Console.WriteLine("Keep ca.key offline once every certificate is issued; *.key files are readable by their owner only.");
            return 0;
        }
        catch (InvalidOperationException e)
        {
            return CommandError.Report(Name, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CommandError.Report(Name, $"cannot write to {directory}: {e.Message}");
        }
    }

    private static bool IsValidName(string name) =>
        name.Length is >= 1 and <= 63 && char.IsAsciiLetterOrDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
