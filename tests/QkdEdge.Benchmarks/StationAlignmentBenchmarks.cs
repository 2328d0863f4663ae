using BenchmarkDotNet.Attributes;
using QkdEdge.Alignment;
using QkdEdge.Station.Pipeline;

namespace QkdEdge.Benchmarks;

/// <summary>
/// The station's alignment of a block (<see cref="AlignmentState"/>: chunks of 2^17 rounds read back from the compact
/// form, the fast path on each, and pieces of 2^12 rounds where it refuses one), against reading the same chunks back
/// alone (the baseline: the aligner's input). Tags step by 100 ticks with 2 ticks of jitter at both stations, and Bob's
/// board misses a trigger with the given probability per round, each miss shifting his later indices by one. Each
/// operation starts a fresh state, so its first chunk is aligned from a cold start by the full aligner (about a third
/// of the operation with no missed trigger); a station does that once, then carries the clock line from block to block.
/// </summary>
[MemoryDiagnoser]
public class StationAlignmentBenchmarks
{
    private BlockTags _alice = null!;
    private BlockTags _bob = null!;
    private TagSeries? _aliceChunk;
    private TagSeries? _bobChunk;

    [Params(1 << 22)]
    public int Rounds { get; set; }

    [Params(0.0, 1e-6, 1e-5, 1e-4)]
    public double MissedPerRound { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        var alice = new BlockTags.Builder(Rounds);
        var bob = new BlockTags.Builder(Rounds);
        long missed = 0;
        for (long k = 0; k < Rounds; k++)
        {
            alice.Add(7 + k, 1000 + (k * 100) + random.Next(-2, 3));
            if (random.NextDouble() < MissedPerRound)
            {
                missed++;
                continue;
            }

            bob.Add(k - missed, 55_555 + (k * 100) + random.Next(-2, 3));
        }

        _alice = alice.Build();
        _bob = bob.Build();
    }

    [Benchmark(Baseline = true)]
    public long ReadChunksBack()
    {
        long last = 0;
        for (int start = 0; start < _alice.Count; start += AlignmentState.ChunkRounds)
        {
            _aliceChunk = _alice.Slice(start, Math.Min(_alice.Count, start + AlignmentState.ChunkRounds), _aliceChunk);
            int bobEnd = Math.Min(_bob.Count, start + AlignmentState.ChunkRounds);
            _bobChunk = _bob.Slice(Math.Min(start, bobEnd), bobEnd, _bobChunk);
            last += _aliceChunk.Tags[^1];
        }

        return last;
    }

    [Benchmark]
    public AlignmentResult Align() => new AlignmentState().Align(_alice, _bob);
}
