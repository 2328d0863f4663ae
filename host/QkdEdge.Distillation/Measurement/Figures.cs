using QkdEdge.Distillation.Sifting;

namespace QkdEdge.Distillation.Measurement;

/// <summary>Items per second, by the measuring thread's CPU time and by the wall clock.</summary>
public readonly record struct Rate(double PerCpuSecond, double PerWallSecond)
{
    public static Rate Of(double items, Timing timing) => new(items / timing.CpuSeconds, items / timing.WallSeconds);
}

/// <summary>Sifting and CHSH counting over synthetic planes, beside copying the same bytes.</summary>
public sealed record SiftingFigures(long Rounds, long PlaneBytes, Rate Vector, Rate Scalar, Rate Memcpy, bool KernelsAgree, SiftCounts Counts);

/// <summary>One error rate of the rate-adaptive LDPC exchange.</summary>
public sealed record ReconciliationPoint(
    double ErrorRate,
    long KeyBits,
    double Efficiency,
    double AliceEfficiency,
    int Frames,
    int FailedFrames,
    int RoundTrips,
    bool Verified,
    Rate KeyBitRate)
{
    public double FrameErrorRate => Frames == 0 ? 0 : (double)FailedFrames / Frames;
}

/// <summary>Cascade on (a prefix of) the same keys: the baseline of one error rate.</summary>
public sealed record CascadePoint(
    double ErrorRate,
    long KeyBits,
    double Efficiency,
    double EfficiencyWithReplies,
    int RoundTrips,
    long ResidualErrors,
    Rate KeyBitRate);

/// <summary>
/// Toeplitz hashing: the fast product at full size (<see cref="Fast"/> the better of two runs, as a station hashing
/// block after block runs; <see cref="FastFirstRun"/> the first, which also pays for fresh transform buffers), and
/// fast against schoolbook at a size both can do.
/// </summary>
public sealed record ToeplitzFigures(
    long InputBits,
    long OutputBits,
    Timing Fast,
    Timing FastFirstRun,
    long CompareInputBits,
    Timing CompareFast,
    Timing CompareSchoolbook,
    bool FastMatchesSchoolbook)
{
    /// <summary>
    /// The schoolbook product's time at full size, extrapolated from the compared size: its word loop does one
    /// carry-less product per pair of words of input and seed, so its cost grows as n (n + l); the compared
    /// size keeps the full size's ratio l = n / 2. Too slow to measure at full size (hours at 10^8 bits).
    /// </summary>
    public double ExtrapolatedSchoolbookSeconds =>
        CompareSchoolbook.CpuSeconds * (InputBits * (double)(InputBits + OutputBits)) / (CompareInputBits * (double)(CompareInputBits + (CompareInputBits / 2)));

    /// <summary>How many times faster the fast product is at full size than the extrapolated schoolbook product.</summary>
    public double ExtrapolatedSpeedup => ExtrapolatedSchoolbookSeconds / Fast.CpuSeconds;
}

/// <summary>The inputs a key-length rule needs from a block (the security analysis lives outside this library).</summary>
public sealed record BlockKeyLengthInputs(SiftCounts Counts, long ReconciledBits, long LeakedBits);

/// <summary>One block taken from rounds to final key, stage by stage (wall clock), and the CPU time of those stages.</summary>
public sealed record BlockFigures(
    long Rounds,
    long RawKeyBits,
    double EstimatedErrorRate,
    double ChshWinFraction,
    long LeakedBits,
    long ReconciledBits,
    int FailedFrames,
    int RoundTrips,
    bool Verified,
    long FinalKeyBits,
    bool FinalKeysEqual,
    double GenerationSeconds,
    double SiftingSeconds,
    double ReconciliationSeconds,
    double AmplificationSeconds,
    double CpuSeconds,
    double PeakMegabytes,
    ParallelDecodingFigures? ParallelDecoding = null)
{
    /// <summary>
    /// True when <see cref="GenerationSeconds"/> is reading the stations' archives, part of the block's work; false when
    /// it is a generator standing in for them, left out of the totals.
    /// </summary>
    public bool SourceCounted { get; init; }

    /// <summary>Setup of an archive-fed block: seconds to write the stations' archives (not part of any total).</summary>
    public double? ArchiveWriteSeconds { get; init; }

    /// <summary>Size of the stations' archives on disk, for an archive-fed block.</summary>
    public long? ArchiveBytes { get; init; }

    private double CountedSource => SourceCounted ? GenerationSeconds : 0;

    /// <summary>Rounds (from the archives, or from the generator, not counted) to key, wall clock.</summary>
    public double TotalSeconds => CountedSource + SiftingSeconds + ReconciliationSeconds + AmplificationSeconds;

    /// <summary>Rounds to key (wall clock) with Bob decoding on every thread of <see cref="ParallelDecoding"/>; null without it.</summary>
    public double? AllThreadsSeconds => ParallelDecoding is { } p ? CountedSource + SiftingSeconds + p.ReconciliationSeconds + AmplificationSeconds : null;
}

/// <summary>
/// The block's reconciliation run again on the same raw keys with Bob decoding <see cref="Threads"/> frames at once:
/// its wall time, and whether it gave exactly the one-thread run's result (keys, disclosures, round trips).
/// </summary>
public sealed record ParallelDecodingFigures(int Threads, double ReconciliationSeconds, bool SameResult);
