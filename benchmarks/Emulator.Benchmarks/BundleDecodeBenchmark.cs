using BenchmarkDotNet.Attributes;
using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Benchmarks;

/// <summary>
/// Decoding throughput: whole bundles (template + three slots into DecodedInst) per second, on one
/// core, with allocations measured. Two inputs: random bytes (every template and encoding, legal or
/// not) and the instruction mix GNU as produces for real code (the assembled guest programs).
/// </summary>
[MemoryDiagnoser]
public class BundleDecodeBenchmark
{
    public const int Bundles = 4096;

    private Bundle[] _random = [];
    private Bundle[] _code = [];
    private DecodedInst[] _output = new DecodedInst[3];

    [GlobalSetup]
    public void Setup()
    {
        var bytes = new byte[Bundles * 16];
        new Random(42).NextBytes(bytes);
        _random = ToBundles(bytes);
        _code = ToBundles(CodeSample.Load(Bundles));
        _output = new DecodedInst[3];
    }

    [Benchmark(OperationsPerInvoke = Bundles, Description = "decode random bundles")]
    public int DecodeRandom() => Decode(_random);

    [Benchmark(OperationsPerInvoke = Bundles, Description = "decode assembled code")]
    public int DecodeCode() => Decode(_code);

    private int Decode(Bundle[] bundles)
    {
        Span<DecodedInst> slots = _output;
        int ops = 0;
        foreach (ref readonly var bundle in bundles.AsSpan())
        {
            InstructionDecoder.DecodeBundle(bundle, slots);
            ops += slots[0].Op + slots[1].Op + slots[2].Op;
        }

        return ops;
    }

    private static Bundle[] ToBundles(byte[] bytes)
    {
        var result = new Bundle[bytes.Length / 16];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = Bundle.Read(bytes.AsSpan(i * 16, 16));
        }

        return result;
    }
}
