using BenchmarkDotNet.Attributes;
using QkdEdge.Alignment;

namespace QkdEdge.Benchmarks;

/// <summary>
/// Pairing a block's rounds from indices and time tags (cold start, and with the previous block's clock line), against
/// copying the four arrays it reads (both stations' indices and tags: the baseline). The tags follow the trigger
/// model of docs/archive-format.md, section 8: 800 ticks per round, 2 ticks of jitter, a few ppm of clock rate
/// difference, a trigger missed by Alice twice and an extra one at Bob's, so the aligner finds three index shifts.
/// The continuation pair is the next block of a run with no shift, aligned with the previous block's line: the locked
/// fast path against the full aligner on the same input.
/// </summary>
[MemoryDiagnoser]
public class AlignmentBenchmarks
{
    private TagSeries _alice = null!;
    private TagSeries _bob = null!;
    private AlignmentPrior _locked = null!;
    private long[] _copy = null!;
    private TagSeries _aliceNext = null!;
    private TagSeries _bobNext = null!;
    private AlignmentPrior _continued = null!;
    private static readonly AlignmentOptions FullAlignerOnly = new() { TrackLockedBlocks = false };

    [Params(1 << 20, 5 << 20)]
    public int Rounds { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        _alice = Station(random, offset: 123_456_789, ppm: 3.0, missedAfter: [Rounds / 5000, Rounds * 2 / 5], extraAfter: []);
        _bob = Station(random, offset: -987_654_321, ppm: -2.0, missedAfter: [], extraAfter: [Rounds * 3 / 5]);
        _locked = RoundAligner.Align(_alice, _bob, AlignmentPrior.ColdStart).Next;
        _copy = new long[4 * (Rounds + 1)];

        var aliceRun = Station(random, offset: 123_456_789, ppm: 3.0, missedAfter: [], extraAfter: [], count: 2 * Rounds);
        var bobRun = Station(random, offset: -987_654_321, ppm: -2.0, missedAfter: [], extraAfter: [], count: 2 * Rounds);
        _continued = RoundAligner.Align(Half(aliceRun, 0), Half(bobRun, 0), AlignmentPrior.ColdStart).Next;
        _aliceNext = Half(aliceRun, 1);
        _bobNext = Half(bobRun, 1);
    }

    [Benchmark(Baseline = true)]
    public void CopyIndicesAndTags()
    {
        _alice.Rounds.CopyTo(_copy);
        _alice.Tags.CopyTo(_copy.AsSpan(_alice.Count));
        _bob.Rounds.CopyTo(_copy.AsSpan(2 * _alice.Count));
        _bob.Tags.CopyTo(_copy.AsSpan(2 * _alice.Count + _bob.Count));
    }

    [Benchmark]
    public AlignmentResult AlignCold() => RoundAligner.Align(_alice, _bob, AlignmentPrior.ColdStart);

    [Benchmark]
    public AlignmentResult AlignLocked() => RoundAligner.Align(_alice, _bob, _locked);

    [Benchmark]
    public AlignmentResult ContinuationTracked() => RoundAligner.Align(_aliceNext, _bobNext, _continued);

    [Benchmark]
    public AlignmentResult ContinuationFullAligner() => RoundAligner.Align(_aliceNext, _bobNext, _continued, FullAlignerOnly);

    private TagSeries Half(TagSeries run, int half) =>
        new(run.Rounds.Slice(half * Rounds, Rounds).ToArray(), run.Tags.Slice(half * Rounds, Rounds).ToArray());

    private TagSeries Station(Random random, long offset, double ppm, long[] missedAfter, long[] extraAfter, int? count = null)
    {
        int triggers = count ?? Rounds;
        var rounds = new List<long>(triggers + 1);
        var tags = new List<long>(triggers + 1);
        double rate = 1 + ppm * 1e-6;
        for (long k = 0; k < triggers; k++)
        {
            if (Array.IndexOf(missedAfter, k) < 0)
                Add(k);
            if (Array.IndexOf(extraAfter, k) >= 0)
                Add(k + 0.5);
        }

        return new TagSeries(rounds.ToArray(), tags.ToArray());

        void Add(double trigger)
        {
            double u = 1 - random.NextDouble(), v = random.NextDouble();
            double jitter = 2.0 * Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
            rounds.Add(rounds.Count);
            tags.Add(offset + (long)Math.Round((trigger * 800 * rate) + jitter));
        }
    }
}
