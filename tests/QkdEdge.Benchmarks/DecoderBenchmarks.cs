using BenchmarkDotNet.Attributes;
using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Reconciliation.Ldpc;

namespace QkdEdge.Benchmarks;

/// <summary>One decode of a 65,536-bit frame: the AVX2 path against the scalar path (the baseline) on the same frame.</summary>
public class DecoderBenchmarks
{
    private LayeredMinSumDecoder _vector = null!;
    private LayeredMinSumDecoder _scalar = null!;
    private sbyte[] _llr = null!;
    private ulong[] _syndrome = null!;
    private ulong[] _output = null!;

    [GlobalSetup]
    public void Setup()
    {
        var family = StandardLdpcCodes.Family;
        const int codeIndex = 2;
        var code = family.Code(codeIndex);
        var options = family.DecoderOptions[codeIndex];
        _vector = new LayeredMinSumDecoder(code, options);
        _scalar = new LayeredMinSumDecoder(code, options with { UseVectors = false });
        var rng = new Xoshiro256StarStar(4);
        var word = new ulong[PackedBits.WordCount(code.BlockLength)];
        rng.Fill(word);
        _syndrome = new ulong[PackedBits.WordCount(code.CheckCount)];
        code.ComputeSyndrome(word, _syndrome);
        _llr = new sbyte[code.BlockLength];
        for (int i = 0; i < code.BlockLength; i++)
        {
            bool bit = PackedBits.Get(word, i) ^ (rng.NextDouble() < 0.015);
            _llr[i] = bit ? (sbyte)-options.ChannelMagnitude : (sbyte)options.ChannelMagnitude;
        }

        _output = new ulong[word.Length];
    }

    [Benchmark(Baseline = true)]
    public DecodeOutcome Scalar() => _scalar.Decode(_llr, _syndrome, _output);

    [Benchmark]
    public DecodeOutcome Vector() => _vector.Decode(_llr, _syndrome, _output);
}
