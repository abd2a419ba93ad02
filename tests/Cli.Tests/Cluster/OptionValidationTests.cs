using System.Net;
using System.Net.Sockets;
using Xunit;

namespace Ivm.Cli.Tests.Cluster;

/// <summary>
/// The real hpvm refusing bad values before it calls any controller: one line on stderr naming the
/// command, the option, the value and what is allowed, and exit status 1. The controller URL given
/// is a closed port, so a message about it would mean hpvm called before validating.
/// </summary>
public sealed class OptionValidationTests
{
    private static readonly string ClosedPort = $"http://127.0.0.1:{FreePort()}";

    [Theory]
    [InlineData(new[] { "create" }, "hpvm create: -P: a virtual machine name is required")]
    [InlineData(new[] { "create", "-P", "-bad" }, "hpvm create: -P -bad: not a valid virtual machine name; use up to 256 letters, digits, '-', '_' and '.', not starting with '-'")]
    [InlineData(new[] { "create", "-P", "a:b" }, "hpvm create: -P a:b: not a valid virtual machine name; use up to 256 letters, digits, '-', '_' and '.', not starting with '-'")]
    [InlineData(new[] { "create", "-P", "g", "-c", "0" }, "hpvm create: -c 0: the number of virtual CPUs must be a whole number from 1 to 32")]
    [InlineData(new[] { "create", "-P", "g", "-c", "33" }, "hpvm create: -c 33: the number of virtual CPUs must be a whole number from 1 to 32")]
    [InlineData(new[] { "create", "-P", "g", "-c", "two" }, "hpvm create: -c two: the number of virtual CPUs must be a whole number from 1 to 32")]
    [InlineData(new[] { "create", "-P", "g", "-r", "2X" }, "hpvm create: -r 2X: not a memory size; write a whole number with an optional K, M, G or T suffix (e.g. 2G or 512M; a bare number is megabytes)")]
    [InlineData(new[] { "create", "-P", "g", "-r", "512K" }, "hpvm create: -r 512K: must be from 1 MB to 65536 GB")]
    [InlineData(new[] { "create", "-P", "g", "-e", "0" }, "hpvm create: -e 0: the entitlement must be PERCENT or PERCENT:MAX, whole percents of one core from 1 to 100 (e.g. 10 or 20:50)")]
    [InlineData(new[] { "create", "-P", "g", "-e", "101" }, "hpvm create: -e 101: the entitlement must be PERCENT or PERCENT:MAX, whole percents of one core from 1 to 100 (e.g. 10 or 20:50)")]
    [InlineData(new[] { "create", "-P", "g", "-e", "50:20" }, "hpvm create: -e 50:20: the maximum 20% is below the entitlement 50%; the maximum must be from 50 to 100")]
    [InlineData(new[] { "create", "-P", "g", "-e", "10:20:30" }, "hpvm create: -e 10:20:30: the entitlement must be PERCENT or PERCENT:MAX, whole percents of one core from 1 to 100 (e.g. 10 or 20:50)")]
    [InlineData(new[] { "create", "-P", "g", "-E", "fast" }, "hpvm create: -E fast: the entitlement in cycles must be CYCLES or CYCLES:MAX, whole megahertz (e.g. 500 or 500:1500)")]
    [InlineData(new[] { "create", "-P", "g", "-E", "500:1500" }, "hpvm create: -E 500:1500: cannot convert cycles to an entitlement: the hosts report no processor speed (a guest's vCPU is emulated and has no fixed clock rate); give the entitlement as a percentage of one core with -e PERCENT[:MAX] instead")]
    [InlineData(new[] { "create", "-P", "g", "-e", "10", "-E", "500" }, "hpvm create: -e 10 and -E 500: give the entitlement once, as -e PERCENT[:MAX]")]
    [InlineData(new[] { "create", "-P", "g", "-B", "sometimes" }, "hpvm create: -B sometimes: the start attribute must be auto or manual")]
    [InlineData(new[] { "create", "-P", "g", "-l", "a;b" }, "hpvm create: -l 'a;b': a label may hold up to 255 letters, digits, '-', '_', '.' and spaces")]
    [InlineData(new[] { "create", "-P", "g", "-O", "vms" }, "hpvm create: -O vms: the OS type must be one of HPUX, LINUX, WINDOWS, OPENVMS, UNKNOWN")]
    [InlineData(new[] { "create", "-P", "g", "-i", "no/such/image" }, "hpvm create: -i no/such/image: no such file here; give the path of an IA-64 static ELF executable (an absolute path is passed to the hosts as it is)")]
    [InlineData(new[] { "create", "-P", "g", "-h", "host:1" }, "hpvm create: -h host:1: not a host name; use the name a host registered with (letters, digits, '-', '_', '.'; see hpvm cluster status)")]
    [InlineData(new[] { "create", "-P", "g", "--bogus" }, "hpvm create: Unrecognized command or argument '--bogus' (see hpvm create --help)")]
    [InlineData(new[] { "modify", "-P", "g" }, "hpvm modify: -P g: nothing to change; give at least one of -c, -r, -e, -B, -l, -O, -i, -x")]
    [InlineData(new[] { "modify", "-P", "g", "-r", "0" }, "hpvm modify: -r 0: must be from 1 MB to 65536 GB")]
    [InlineData(new[] { "status", "-M", "-X" }, "hpvm status: -M and -X: choose one output format")]
    [InlineData(new[] { "status", "-X", "--json" }, "hpvm status: -X and --json: choose one output format")]
    [InlineData(new[] { "stop", "-P", "g" }, "hpvm stop: -P g: stopping at once needs confirmation, and standard input is not a terminal; add -F to stop without asking, or -g for a graceful stop")]
    [InlineData(new[] { "remove", "-P", "g" }, "hpvm remove: -P g: removing needs confirmation, and standard input is not a terminal; add -F to remove without asking")]
    [InlineData(new[] { "clone", "-P", "g" }, "hpvm clone: -N: a virtual machine name is required")]
    [InlineData(new[] { "start" }, "hpvm start: -P: the virtual machine to start is required, by name (-P name) or by VM # (-p vm_number)")]
    [InlineData(new[] { "start", "-p", "first" }, "hpvm start: -p first: a VM # is a whole number from 1 (see hpvm status)")]
    [InlineData(new[] { "stop", "-P", "g", "-p", "2", "-F" }, "hpvm stop: -P g and -p 2: name the virtual machine once, by name (-P) or by VM # (-p)")]
    [InlineData(new[] { "remove", "-p", "3" }, "hpvm remove: -p 3: removing needs confirmation, and standard input is not a terminal; add -F to remove without asking")]
    [InlineData(new[] { "modify", "-p", "0", "-c", "1" }, "hpvm modify: -p 0: a VM # is a whole number from 1 (see hpvm status)")]
    [InlineData(new[] { "console", "-P", "g", "-q", "-c", "co" }, "hpvm console: -c co: not a virtual MP command hpvm runs; allowed: cl (print the console log)")]
    [InlineData(new[] { "modify", "-P", "g", "-x", "online_migration" }, "hpvm modify: -x online_migration: write NAME=VALUE, e.g. -x online_migration=disabled")]
    [InlineData(new[] { "modify", "-P", "g", "-x", "a=1", "-x", "a=2" }, "hpvm modify: -x a=2: a is given twice; give each attribute once")]
    [InlineData(new[] { "migrate", "-P", "g" }, "hpvm migrate: -h: the host to migrate to is required (hpvm cluster status lists the hosts)")]
    [InlineData(new[] { "migrate", "-P", "g", "-h", "a/b" }, "hpvm migrate: -h a/b: not a host name; use the name a host registered with (letters, digits, '-', '_', '.'; see hpvm cluster status)")]
    [InlineData(new[] { "migrate", "-P", "g", "-h", "host2", "--downtime", "20" }, "hpvm migrate: --downtime 20: applies to an online migration; add -o (an offline migration moves an Off guest's definition only)")]
    [InlineData(new[] { "migrate", "-P", "g", "-h", "host2", "-o", "--downtime", "0" }, "hpvm migrate: --downtime 0: a whole number of milliseconds from 1 to 60000")]
    [InlineData(new[] { "migrate", "-P", "g", "-h", "host2", "-o", "--bandwidth", "fast" }, "hpvm migrate: --bandwidth fast: a whole number of MB/s from 1 to 100000")]
    [InlineData(new[] { "migrate", "-P", "g", "-h", "host2", "-o", "--max-time", "90000" }, "hpvm migrate: --max-time 90000: a whole number of seconds from 1 to 86400")]
    [InlineData(new[] { "migrate", "-P", "g", "-h", "host2", "-o", "-s", "--no-wait" }, "hpvm migrate: -s with --no-wait: -s only checks and returns at once; give one of them")]
    [InlineData(new[] { "migrate", "-P", "g", "--cancel", "-h", "host2", "-o" }, "hpvm migrate: --cancel with -h host2, -o: --cancel abandons the running migration and takes only -P or -p")]
    [InlineData(new[] { "suspend" }, "hpvm suspend: -P: the virtual machine to suspend is required, by name (-P name) or by VM # (-p vm_number)")]
    [InlineData(new[] { "resume", "-p", "x" }, "hpvm resume: -p x: a VM # is a whole number from 1 (see hpvm status)")]
    [InlineData(new[] { "cluster", "up", "--hosts", "0" }, "hpvm cluster up: --hosts 0: the number of hosts must be a whole number from 1 to 64")]
    [InlineData(new[] { "cluster", "up", "--memory-per-host", "lots" }, "hpvm cluster up: --memory-per-host lots: not a memory size; write a whole number with an optional K, M, G or T suffix (e.g. 2G or 512M; a bare number is megabytes)")]
    public void RefusesABadValueWithOneLine(string[] args, string expected)
    {
        var result = new Hpvm().Run([.. args, "--controller", ClosedPort]);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal(expected + "\n", result.Stderr);
    }

    [Fact]
    public void AnImageThatIsNotIa64IsRefusedByName()
    {
        string notElf = Path.Combine(Ivm.Tests.Shared.TestDirectories.NewTemporary("image"), "notes.txt");
        File.WriteAllText(notElf, "not a program");
        var result = new Hpvm().Run("create", "-P", "g", "-i", notElf, "--controller", ClosedPort);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"hpvm create: -i {notElf}: not a guest image: not an ELF file (no \\x7fELF magic number); the image must be an IA-64 static ELF executable\n", result.Stderr);
    }

    [Fact]
    public void ValidValuesReachTheControllerAndAnUnreachableOneIsNamed()
    {
        var result = new Hpvm().Run("create", "-P", "web01", "-c", "1", "-r", "512M", "-e", "20:50", "-B", "manual", "-l", "front end", "-O", "hpux", "--controller", ClosedPort);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"hpvm create: the controller at {ClosedPort} is not reachable (connection refused); start a local cluster with 'hpvm cluster up', or point --controller or IVM_CONTROLLER at a running controller\n", result.Stderr);
    }

    [Fact]
    public void WithoutAnyControllerItSaysHowToGetOne()
    {
        var result = new Hpvm().Run("status");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("hpvm status: no controller to talk to: start a local cluster with 'hpvm cluster up', or give a running controller's URL with --controller URL or IVM_CONTROLLER\n", result.Stderr);
    }

    [Fact]
    public void TheEnvironmentVariableNamesTheController()
    {
        var hpvm = new Hpvm { Controller = ClosedPort };
        var result = hpvm.Run("status", "-M");
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"hpvm status: the controller at {ClosedPort} is not reachable (connection refused);", result.Stderr, StringComparison.Ordinal);

        var bad = new Hpvm { Controller = "127.0.0.1:7300" }.Run("status");
        Assert.Equal("hpvm status: IVM_CONTROLLER 127.0.0.1:7300: not a controller URL; write http://HOST:PORT (e.g. http://127.0.0.1:7300)\n", bad.Stderr);
    }

    [Fact]
    public void ClusterDownWithoutAClusterSaysSo()
    {
        var hpvm = new Hpvm();
        var result = hpvm.Run("cluster", "down");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"hpvm cluster down: no local cluster is recorded in {Path.Combine(hpvm.Home, "cluster.json")}; nothing to stop\n", result.Stderr);
    }

    [Theory]
    [InlineData("create")]
    [InlineData("status")]
    [InlineData("start")]
    [InlineData("stop")]
    [InlineData("modify")]
    [InlineData("remove")]
    [InlineData("clone")]
    [InlineData("console")]
    [InlineData("cluster")]
    [InlineData("migrate")]
    [InlineData("suspend")]
    [InlineData("resume")]
    public void EveryCommandExplainsItselfWithHelp(string command)
    {
        var result = new Hpvm().Run(command, "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"hpvm {command}", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Options:", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void DashHIsAHostForCreateAndHelpElsewhere()
    {
        var create = new Hpvm().Run("create", "-P", "g", "-h", "host1", "--controller", ClosedPort);
        Assert.Contains("is not reachable", create.Stderr, StringComparison.Ordinal);
        var status = new Hpvm().Run("status", "-h");
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("-M", status.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void MigrateHelpExplainsEveryOption()
    {
        var help = new Hpvm().Run("migrate", "--help");
        Assert.Equal(0, help.ExitCode);
        foreach (string option in new[] { "-P", "-p", "-h", "-o", "-s", "--downtime", "--bandwidth", "--max-time", "--no-wait", "--cancel", "Init", "Copy", "I/O Quiesce", "Frozen" })
        {
            Assert.Contains(option, help.Stdout, StringComparison.Ordinal);
        }

        var modify = new Hpvm().Run("modify", "--help");
        foreach (string attribute in new[] { "online_migration=enabled|disabled", "migrate_init_phase_timeout", "migrate_copy_phase_timeout", "migrate_io_quiesce_phase_timeout", "migrate_frozen_phase_timeout" })
        {
            Assert.Contains(attribute, modify.Stdout, StringComparison.Ordinal);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
