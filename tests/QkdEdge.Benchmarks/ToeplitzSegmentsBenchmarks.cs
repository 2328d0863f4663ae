using BenchmarkDotNet.Attributes;
using QkdEdge.Distillation.Amplification;
using QkdEdge.Distillation.Bits;

namespace QkdEdge.Benchmarks;

/// <summary>
/// Privacy amplification of a 10^9-round block's raw key: one product over the whole input (the baseline) against
/// <see cref="ToeplitzHash.Hash"/>, which cuts the input into segments when that shrinks the transforms without adding
/// to their work. Sizes: the station's demo block at efficiency 0.96 (1.67E+08 raw bits to 3.07E+07, four segments)
/// and the archive bench's block (1.58E+08 to 9.44E+07, two segments).
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ToeplitzSegmentsBenchmarks
{
    private ulong[] _input = null!;
    private ulong[] _seed = null!;
    private ulong[] _output = null!;

    [Params("167000000:30700000", "158373822:94379520")]
    public string Sizes { get; set; } = "";

    private long InputBits => long.Parse(Sizes.Split(':')[0]);

    private long OutputBits => long.Parse(Sizes.Split(':')[1]);

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Xoshiro256StarStar(7);
        _input = new ulong[PackedBits.WordCount(InputBits)];
        _seed = new ulong[PackedBits.WordCount(ToeplitzHash.SeedBits(InputBits, OutputBits))];
        rng.Fill(_input);
        rng.Fill(_seed);
        _output = new ulong[PackedBits.WordCount(OutputBits)];
    }

    [Benchmark(Baseline = true)]
    public void WholeProduct() =>
        Gf2Polynomial.MultiplyRange(_seed, ToeplitzHash.SeedBits(InputBits, OutputBits), _input, InputBits, InputBits - 1, OutputBits, _output);

    [Benchmark]
    public void Segmented() => ToeplitzHash.Hash(_input, InputBits, _seed, OutputBits, _output);
}
