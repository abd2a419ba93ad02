using Ivm.Emulator.Tests.Oracle;
using Xunit;

namespace Ivm.Emulator.Tests.Execution;

/// <summary>
/// Decoded pages and translated blocks are shared between guests whose code pages hold the same
/// bytes at the same address, and only those: a guest that rewrites its code gets its own.
/// </summary>
public sealed class SharedCodeTests
{
    [Fact]
    public void ASecondGuestOfTheSameProgramFindsItsHotCodeTranslated()
    {
        string fib = Path.Combine(Paths.Guests, "bench", "fib");
        var first = TestProcess.Start(fib);
        first.Process.Vcpu.TranslateInBackground = false;
        first.Process.Run(5_000_000);
        Assert.True(first.Process.Vcpu.TranslatedBlockCount > 0);

        // The second guest only interprets a few bundles, which translates nothing by itself.
        var second = TestProcess.Start(fib);
        second.Process.Vcpu.Translate = false;
        second.Process.Run(100);
        Assert.True(second.Process.Vcpu.TranslatedBlockCount > 0, "the second guest's code pages do not share the first's blocks");

        // Shared code is held weakly, through the guests that run it: the first must still be alive.
        GC.KeepAlive(first);
    }

    [Fact]
    public void AGuestThatRewritesItsCodeDoesNotChangeAnotherGuestsCode()
    {
        // Both guests copy the same loop to the same anonymous mapping, then rewrite it there.
        string program = Path.Combine(Paths.TestPrograms, "execution", "self_modifying");
        foreach (var engine in new[] { SelfCheckingProgramTests.Engine.Translate, SelfCheckingProgramTests.Engine.Translate, SelfCheckingProgramTests.Engine.Interpret })
        {
            var (status, output, errors) = SelfCheckingProgramTests.Run(program, engine: engine);
            Assert.True(status == 0 && !output.Contains("not ok", StringComparison.Ordinal), $"{output}\n{errors}");
        }
    }
}
