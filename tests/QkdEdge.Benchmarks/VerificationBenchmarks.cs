using System.IO.Hashing;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Verification;

namespace QkdEdge.Benchmarks;

/// <summary>The universal verification hash against XxHash64 (fast, but not universal) over the same key.</summary>
public class VerificationBenchmarks
{
    private ulong[] _key = null!;

    [Params(1 << 24)]
    public int KeyBits { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _key = new ulong[PackedBits.WordCount(KeyBits)];
        new Xoshiro256StarStar(6).Fill(_key);
    }

    [Benchmark(Baseline = true)]
    public ulong XxHash() => XxHash64.HashToUInt64(MemoryMarshal.AsBytes(_key.AsSpan()));

    [Benchmark]
    public ulong[] PolynomialTag() => PolynomialHash.Compute(_key, KeyBits, [0x9E37_79B9_7F4A_7C15UL]);
}
