using Ivm.Emulator.Cpu;
using Ivm.Emulator.Tests.Oracle;
using Xunit;

namespace Ivm.Emulator.Tests.Execution;

/// <summary>
/// Blocks compiled on the compiler thread while the vCPU keeps interpreting (the default) take over
/// mid-run without changing anything the guest can observe: after the same number of instructions
/// the CPU state is identical, byte for byte, to a run that never translated.
/// </summary>
public sealed class BackgroundTranslationTests
{
    [Fact]
    public void BlocksArrivingMidRunLeaveTheStateAsTheInterpreterDoes()
    {
        string fib = Path.Combine(Paths.Guests, "bench", "fib");
        const long Slice = 2_000_000, Total = 40_000_000;

        var interpreted = TestProcess.Start(fib);
        interpreted.Process.Vcpu.Translate = false;
        interpreted.Process.Run(Total);

        var translated = TestProcess.Start(fib);
        Assert.True(translated.Process.Vcpu.TranslateInBackground);
        // The first slice asks for blocks; they arrive from the compiler thread (however busy the machine)
        // before the rest runs, so the run switches engines midway.
        translated.Process.Run(Slice);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (translated.Process.Vcpu.TranslatedBlockCount == 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }

        Assert.True(translated.Process.Vcpu.TranslatedBlockCount > 0, "no block was translated in the background within 30 s");
        for (long done = Slice; done < Total; done += Slice)
        {
            translated.Process.Run(Slice);
        }

        Assert.Equal(Total, interpreted.Process.Vcpu.Instructions);
        Assert.Equal(Total, translated.Process.Vcpu.Instructions);
        Assert.Equal(Save(interpreted.Process.Vcpu.Cpu), Save(translated.Process.Vcpu.Cpu));
        Assert.Equal(0, Ivm.Emulator.Execution.Translation.BlockCompiler.Failures);
    }

    /// <summary>
    /// The compiler is its own thread, below normal priority, not the thread pool (whose threads the
    /// host agent's I/O needs): the kernel's view of this process shows it with nice +5 once it has
    /// compiled something, and no thread-pool thread has that name.
    /// </summary>
    [Fact]
    public void TheCompilerIsItsOwnLowPriorityThread()
    {
        var process = TestProcess.Start(Path.Combine(Paths.Guests, "bench", "fib")).Process;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (process.Vcpu.TranslatedBlockCount == 0 && DateTime.UtcNow < deadline)
        {
            process.Run(1_000_000);
        }

        Assert.True(process.Vcpu.TranslatedBlockCount > 0, "no block was translated in the background within 30 s");
        var compilers = Directory.GetDirectories("/proc/self/task")
            .Select(task => (Comm: ReadOrEmpty(Path.Combine(task, "comm")).TrimEnd('\n'), Stat: ReadOrEmpty(Path.Combine(task, "stat"))))
            .Where(t => t.Comm == "ia64 compiler")
            .ToList();
        var compiler = Assert.Single(compilers);
        // stat: "pid (comm) state ..." — nice is the 19th field, the 17th after the parenthesis.
        string[] fields = compiler.Stat[(compiler.Stat.LastIndexOf(')') + 2)..].Split(' ');
        Assert.Equal("5", fields[16]);
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return ""; // the thread ended while being listed
        }
    }

    private static byte[] Save(CpuState cpu)
    {
        using var stream = new MemoryStream();
        CpuStateSerializer.Save(cpu, stream);
        return stream.ToArray();
    }
}
