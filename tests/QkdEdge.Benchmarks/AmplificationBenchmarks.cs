using BenchmarkDotNet.Attributes;
using QkdEdge.Distillation.Amplification;
using QkdEdge.Distillation.Bits;

namespace QkdEdge.Benchmarks;

/// <summary>Toeplitz hashing by the additive-FFT product against the schoolbook carry-less product (the baseline).</summary>
public class AmplificationBenchmarks
{
    private ulong[] _input = null!;
    private ulong[] _seed = null!;
    private ulong[] _output = null!;
    private ulong[] _product = null!;

    [Params(1 << 18, 1 << 20)]
    public int InputBits { get; set; }

    private long OutputBits => InputBits / 2;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Xoshiro256StarStar(5);
        _input = new ulong[PackedBits.WordCount(InputBits)];
        _seed = new ulong[PackedBits.WordCount(ToeplitzHash.SeedBits(InputBits, OutputBits))];
        rng.Fill(_input);
        rng.Fill(_seed);
        _output = new ulong[PackedBits.WordCount(OutputBits)];
        _product = new ulong[PackedBits.WordCount(InputBits + ToeplitzHash.SeedBits(InputBits, OutputBits))];
    }

    [Benchmark(Baseline = true)]
    public void Schoolbook() => Gf2Polynomial.Schoolbook(_seed, ToeplitzHash.SeedBits(InputBits, OutputBits), _input, InputBits, _product);

    [Benchmark]
    public void AdditiveFft() => ToeplitzHash.Hash(_input, InputBits, _seed, OutputBits, _output);
}
