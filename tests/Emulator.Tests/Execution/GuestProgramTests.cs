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

    /// <summary>The demo guest prints "count N" lines with a decimal counter, N from 0 (see guests/counter).</summary>
    [Fact]
    public void CounterCountsInDecimal()
    {
        string path = Path.Combine(Paths.Guests, "counter", "counter");
        var test = TestProcess.Start(path);
        var process = test.Process;
        string text = "";
        for (int step = 0; step < 100_000 && text.Count(c => c == '\n') < 4; step++)
        {
            process.Run(50);   // a line is about 85 instructions and a 200 ms sleep: stop soon after the fourth
            Assert.True(process.Fault is null, process.Fault?.ToString());
            text = test.Output;
        }

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(4).ToArray();
        Assert.Equal(Enumerable.Range(0, 4).Select(n => $"count {n}"), lines);
    }
}
