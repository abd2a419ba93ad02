using System.Diagnostics;
using System.Globalization;
using Ivm.Emulator.Elf;
using Ivm.Emulator.Linux;

namespace Ivm.Emulator.Benchmarks;

/// <summary>
/// Guest programs run several times in one process, so the JIT has compiled the interpreter, the
/// handlers and the program's translated blocks: the speed a long-running guest sees, where
/// <c>hpvm run --stats</c> reports a cold process. Prints the best of <see cref="Runs"/> runs.
/// </summary>
internal static class WarmRuns
{
    private const int Runs = 4;

    public static int Run(string[] programs)
    {
        if (programs.Length == 0)
        {
            Console.Error.WriteLine("warm: name one or more IA-64 programs (e.g. guests/bin/ia64/bench/fib)");
            return 2;
        }

        foreach (string path in programs)
        {
            double best = 0;
            long instructions = 0;
            for (int run = 0; run < Runs; run++)
            {
                var streams = new LinuxStreams(Stream.Null, Stream.Null, Console.OpenStandardError(), Console.Error);
                var process = ProcessLoader.Load(ElfFile.Load(path), path, [path], [], streams);
                var clock = Stopwatch.StartNew();
                process.Run();
                clock.Stop();
                instructions = process.Vcpu.Instructions;
                best = Math.Max(best, instructions / clock.Elapsed.TotalSeconds / 1e6);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetFileName(path),-10} {instructions,14} instructions  best of {Runs} warm runs: {best,7:F1} MIPS"));
        }

        return 0;
    }
}
