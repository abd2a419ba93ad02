using BenchmarkDotNet.Running;
using Ivm.Emulator.Benchmarks;

// dotnet run -c Release --project benchmarks/Emulator.Benchmarks -- --filter '*'      (BenchmarkDotNet)
// dotnet run -c Release --project benchmarks/Emulator.Benchmarks -- warm PROGRAM...   (guest programs, warm)
if (args is ["warm", .. var programs])
{
    return WarmRuns.Run(programs);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
