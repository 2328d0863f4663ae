using BenchmarkDotNet.Attributes;
using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Measurement;
using QkdEdge.Distillation.Sifting;

namespace QkdEdge.Benchmarks;

/// <summary>Sifting and CHSH counting over bit-planes, against copying the same six planes (the baseline).</summary>
[MemoryDiagnoser]
public class SiftingBenchmarks
{
    private RoundPlaneBuffers _buffers = null!;
    private ulong[] _key = null!;
    private ulong[] _copy = null!;

    [Params(1 << 24, 1 << 27)]
    public int Rounds { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _buffers = new RoundPlaneBuffers(Rounds);
        new SyntheticRoundSource(DistillationBenchmarks.SyntheticVisibility, DistillationBenchmarks.SyntheticTestFraction, seed: 1).Fill(_buffers, Rounds);
        _key = new ulong[PackedBits.WordCount(Rounds)];
        _copy = new ulong[6 * PackedBits.WordCount(Rounds)];
        Array.Fill(_copy, 1UL);
    }

    [Benchmark(Baseline = true)]
    public void CopyPlanes()
    {
        int words = PackedBits.WordCount(Rounds);
        _buffers.AliceHigh.AsSpan(0, words).CopyTo(_copy.AsSpan(0 * words));
        _buffers.AliceLow.AsSpan(0, words).CopyTo(_copy.AsSpan(1 * words));
        _buffers.Bob.AsSpan(0, words).CopyTo(_copy.AsSpan(2 * words));
        _buffers.OutcomeA.AsSpan(0, words).CopyTo(_copy.AsSpan(3 * words));
        _buffers.OutcomeB.AsSpan(0, words).CopyTo(_copy.AsSpan(4 * words));
        _buffers.TestMask.AsSpan(0, words).CopyTo(_copy.AsSpan(5 * words));
    }

    [Benchmark]
    public SiftResult SiftVector() => Sifter.Sift(_buffers.AsPlanes(), _buffers.OutcomeA, _key, 0, SiftKernel.Vector256);

    [Benchmark]
    public SiftResult SiftScalar() => Sifter.Sift(_buffers.AsPlanes(), _buffers.OutcomeA, _key, 0, SiftKernel.Scalar);

    [Benchmark]
    public SiftCounts CountOnly() => Sifter.Count(_buffers.AsPlanes());
}
