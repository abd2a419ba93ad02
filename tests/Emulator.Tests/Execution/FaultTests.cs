using Ivm.Emulator.Execution;
using Ivm.Emulator.Tests.Oracle;
using Xunit;

namespace Ivm.Emulator.Tests.Execution;

/// <summary>Each fault ends the program with the fault's name and the signal Linux/ia64 would send.</summary>
public sealed class FaultTests
{
    [Theory]
    [InlineData("nat_store", FaultKind.NatConsumption, 4)]
    [InlineData("unaligned", FaultKind.UnalignedReference, 7)]
    [InlineData("segv", FaultKind.Segmentation, 11)]
    [InlineData("abort", FaultKind.Break, 4)]
    [InlineData("privileged", FaultKind.PrivilegedOperation, 4)]
    [InlineData("illegal_frame", FaultKind.IllegalOperation, 4)]
    public void FaultEndsTheProgramWithItsSignal(string program, FaultKind kind, int signal)
    {
        var (status, _, errors) = SelfCheckingProgramTests.Run(Path.Combine(Paths.TestPrograms, "faults", program));
        Assert.Equal(128 + signal, status);
        Assert.Contains($"fault: {kind} ", errors, StringComparison.Ordinal);
    }
}
