using Ivm.Tests.Shared;
using Xunit;

namespace Ivm.Cli.Tests.Cluster;

/// <summary>
/// HPVM's command names as installed by scripts/install-commands.sh (thin scripts), and as symbolic
/// links to the hpvm executable: each runs its subcommand and reports errors under its own name.
/// </summary>
public sealed class ClassicNamesTests
{
    private static readonly string[] Names = ["hpvmcreate", "hpvmstatus", "hpvmstart", "hpvmstop", "hpvmmodify", "hpvmconsole", "hpvmremove", "hpvmclone", "hpvmmigrate", "hpvmsuspend", "hpvmresume"];

    [Fact]
    public void TheInstallScriptPutsEveryNameInTheBinDirectory()
    {
        string bin = TestDirectories.NewTemporary("bin");
        var hpvm = new Hpvm();
        var install = hpvm.Start("bash", [Path.Combine(TestDirectories.Repository, "scripts", "install-commands.sh"), bin]);
        Assert.True(install.ExitCode == 0, install.ToString());
        foreach (string name in Names.Append("hpvm"))
        {
            Assert.True(File.Exists(Path.Combine(bin, name)), $"{name} not installed");
        }

        var status = hpvm.RunCommand(Path.Combine(bin, "hpvmstatus"), "-M", "-X");
        Assert.Equal(1, status.ExitCode);
        Assert.Equal("hpvmstatus: -M and -X: choose one output format\n", status.Stderr);

        var create = hpvm.RunCommand(Path.Combine(bin, "hpvmcreate"), "-P", "g", "-c", "64");
        Assert.Equal("hpvmcreate: -c 64: the number of virtual CPUs must be a whole number from 1 to 32\n", create.Stderr);

        var remove = hpvm.RunCommand(Path.Combine(bin, "hpvmremove"), "-P", "g");
        Assert.Equal("hpvmremove: -P g: removing needs confirmation, and standard input is not a terminal; add -F to remove without asking\n", remove.Stderr);

        var help = hpvm.RunCommand(Path.Combine(bin, "hpvmconsole"), "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Ctrl-B", help.Stdout, StringComparison.Ordinal);

        var migrate = hpvm.RunCommand(Path.Combine(bin, "hpvmmigrate"), "-P", "g");
        Assert.Equal("hpvmmigrate: -h: the host to migrate to is required (hpvm cluster status lists the hosts)\n", migrate.Stderr);

        var suspend = hpvm.RunCommand(Path.Combine(bin, "hpvmsuspend"));
        Assert.StartsWith("hpvmsuspend: -P: the virtual machine to suspend is required", suspend.Stderr, StringComparison.Ordinal);

        var plain = hpvm.RunCommand(Path.Combine(bin, "hpvm"), "stop", "-P", "g");
        Assert.StartsWith("hpvm stop: -P g: stopping at once needs confirmation", plain.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ALinkToTheExecutableRunsTheCommandOfItsName()
    {
        string executable = Path.Combine(AppContext.BaseDirectory, "hpvm");
        Assert.True(File.Exists(executable), "the hpvm executable is built next to the tests");
        string bin = TestDirectories.NewTemporary("links");
        string link = Path.Combine(bin, "hpvmmodify");
        File.CreateSymbolicLink(link, executable);
        var result = new Hpvm().RunCommand(link, "-P", "g");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("hpvmmodify: -P g: nothing to change; give at least one of -c, -r, -e, -B, -l, -O, -i, -x\n", result.Stderr);
    }
}
