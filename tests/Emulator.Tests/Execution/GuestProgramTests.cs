using Ivm.Emulator.Tests.Oracle;
using Xunit;

namespace Ivm.Emulator.Tests.Execution;

/// <summary>The guest programs under guests/ run on the interpreter as on IA-64 Linux.</summary>
public sealed class GuestProgramTests
{
    [Fact]
    public void HelloPrintsItsGreetingAndExitsZero()
    {
        string path = Path.Combine(Paths.Guests, "hello", "hello");
        var (status, output, errors) = SelfCheckingProgramTests.Run(path);
        Assert.True(status == 0, errors);
        Assert.Equal("Hello from an IA-64 guest on Ivm!\n", output);
    }
}
