using System.Reflection;
using System.Text.RegularExpressions;
using Ivm.Emulator.Execution;
using Ivm.Emulator.Isa;
using Ivm.Emulator.Tests.Oracle;
using Xunit;

namespace Ivm.Emulator.Tests.Execution;

/// <summary>
/// Every instruction group of the interpreter (each class in Execution that registers handlers) is
/// exercised by at least one test program, which names the groups it covers in its header comment
/// ("interpreter group X" / "interpreter groups X, Y"); and every operation a user program can
/// execute has a handler, so no user-level row of the table faults as not implemented.
/// </summary>
public sealed partial class InstructionGroupCoverageTests
{
    [Fact]
    public void EveryInstructionGroupHasATestProgram()
    {
        var groups = typeof(Vcpu).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(Vcpu).Namespace
                && t.GetMethod("Register", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic, [typeof(SemanticsBuilder)]) is not null)
            .Select(t => t.Name)
            .ToHashSet();
        Assert.True(groups.Count >= 20, $"only {groups.Count} groups found");

        var covered = new HashSet<string>();
        string programs = Path.Combine(Paths.Repository, "tests", "Emulator.Tests", "Programs");
        foreach (string file in Directory.EnumerateFiles(programs, "*.s", SearchOption.AllDirectories))
        {
            string header = string.Join(' ', File.ReadLines(file).TakeWhile(l => l.StartsWith("//", StringComparison.Ordinal)).Select(l => l.TrimStart('/', ' ')));
            foreach (Match match in GroupList().Matches(header))
            {
                covered.UnionWith(match.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            }
        }

        Assert.Empty(groups.Except(covered).Order());
        Assert.Empty(covered.Except(groups).Order());
    }

    [Fact]
    public void EveryUserLevelOperationHasAHandler()
    {
        // Left out on purpose: thash and ttag compute VHPT addresses from the kernel's page-table
        // set-up (PTA, region registers), which a user program can neither see nor use.
        var missing = InstructionTable.Encodings
            .Where(r => r.Op != 0 && !Semantics.IsImplemented(r.Op) && r.Mnemonic is not ("thash" or "ttag"))
            .Select(r => r.Mnemonic)
            .Distinct()
            .Order()
            .ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} operations have no handler: {string.Join(' ', missing.Take(40))}");
    }

    [GeneratedRegex(@"interpreter groups? ([A-Za-z]+(?:, [A-Za-z]+)*)")]
    private static partial Regex GroupList();
}
