using BenchmarkDotNet.Attributes;
using QkdEdge.Alignment;

namespace QkdEdge.Benchmarks;

/// <summary>
/// Holding a block's tags compactly (<see cref="BlockTags"/>): collecting them as a station does, in batches of 120
/// consecutive rounds, and reading them back in alignment chunks of 2^17 rounds, against copying the same tags as a
/// plain 64-bit array (the baseline). Tags step by a 100-tick period with up to two ticks of jitter either way and a
/// missed trigger now and then, as the emulated boards give them; they pack into about 0.4 bytes per round.
/// </summary>
[MemoryDiagnoser]
public class BlockTagsBenchmarks
{
    private const int Batch = 120;
    private const int Chunk = 1 << 17;
    private long[] _tags = null!;
    private long[] _copy = null!;
    private BlockTags _block = null!;
    private TagSeries? _chunk;

    [Params(1 << 22)]
    public int Rounds { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        _tags = new long[Rounds];
        long tag = 123_456_789;
        for (int i = 0; i < Rounds; i++)
        {
            tag += 100 + random.Next(-2, 3) + (random.Next(100_000) == 0 ? 100 : 0);
            _tags[i] = tag;
        }

        _copy = new long[Rounds];
        _block = Build();
    }

    [Benchmark(Baseline = true)]
    public void CopyTags() => _tags.CopyTo(_copy, 0);

    [Benchmark]
    public BlockTags Build()
    {
        var builder = new BlockTags.Builder(Rounds);
        for (int i = 0; i < Rounds; i += Batch)
            builder.AddConsecutive(1000 + i, _tags.AsSpan(i, Math.Min(Batch, Rounds - i)));
        return builder.Build();
    }

    [Benchmark]
    public long ReadInChunks()
    {
        long last = 0;
        for (int start = 0; start < Rounds; start += Chunk)
        {
            _chunk = _block.Slice(start, Math.Min(Rounds, start + Chunk), _chunk);
            last = _chunk.Tags[^1];
        }

        return last;
    }
}
