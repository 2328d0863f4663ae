using System.Diagnostics;
using System.Security.Cryptography;
using QkdEdge.Distillation.Amplification;
using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Reconciliation;
using QkdEdge.Distillation.Reconciliation.Cascade;
using QkdEdge.Distillation.Reconciliation.Ldpc;
using QkdEdge.Distillation.Sifting;
using QkdEdge.Distillation.Streaming;
using QkdEdge.Distillation.Verification;

namespace QkdEdge.Distillation.Measurement;

/// <summary>
/// The measurements behind <c>qkdedge bench distill</c>: each stage on synthetic data, each beside a baseline
/// measured in the same run. Single-thread figures use the thread's CPU time (see <see cref="ThreadCpuClock"/>)
/// and report the wall clock too. Randomness for hash points and Toeplitz seeds comes from the system CSPRNG.
/// </summary>
public static class DistillationBenchmarks
{
    /// <summary>Visibility of the synthetic source: Q = (1 - v)/2 = 2 % on key rounds.</summary>
    public const double SyntheticVisibility = 0.96;

    /// <summary>Test fraction of the synthetic block.</summary>
    public const double SyntheticTestFraction = 0.05;

    public static SiftingFigures MeasureSifting(int rounds, int repetitions, ulong seed)
    {
        var buffers = new RoundPlaneBuffers(rounds);
        new SyntheticRoundSource(SyntheticVisibility, SyntheticTestFraction, seed).Fill(buffers, rounds);
        var key = new ulong[PackedBits.WordCount(rounds)];
        var copy = new ulong[6 * PackedBits.WordCount(rounds)];
        Array.Fill(copy, 1UL); // touch every page before timing, as the sifting buffers are
        SiftResult vector = default, scalar = default;
        var vectorTime = Timing.Best(repetitions, () => vector = Sifter.Sift(buffers.AsPlanes(), buffers.OutcomeA, key, 0, SiftKernel.Vector256));
        var scalarTime = Timing.Best(repetitions, () => scalar = Sifter.Sift(buffers.AsPlanes(), buffers.OutcomeA, key, 0, SiftKernel.Scalar));
        int words = PackedBits.WordCount(rounds);
        var copyTime = Timing.Best(repetitions, () =>
        {
            buffers.AliceHigh.AsSpan(0, words).CopyTo(copy.AsSpan(0 * words));
            buffers.AliceLow.AsSpan(0, words).CopyTo(copy.AsSpan(1 * words));
            buffers.Bob.AsSpan(0, words).CopyTo(copy.AsSpan(2 * words));
            buffers.OutcomeA.AsSpan(0, words).CopyTo(copy.AsSpan(3 * words));
            buffers.OutcomeB.AsSpan(0, words).CopyTo(copy.AsSpan(4 * words));
            buffers.TestMask.AsSpan(0, words).CopyTo(copy.AsSpan(5 * words));
        });
        return new SiftingFigures(rounds, buffers.PlaneBytes, Rate.Of(rounds, vectorTime), Rate.Of(rounds, scalarTime), Rate.Of(rounds, copyTime), vector == scalar, vector.Counts);
    }

    /// <summary>The LDPC exchange on one thread for a given error rate (the estimate handed to the planner is the true rate).</summary>
    public static ReconciliationPoint MeasureLdpc(LdpcCodeFamily family, ReconciliationOptions options, double errorRate, long keyBits, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (alice, bob) = CorrelatedKeys.Draw(keyBits, errorRate, seed);
        var points = RandomWords(1);

        // Warm-up, not timed: the same exchange once, so that the codes and frame layouts the plan uses are built and
        // the runtime has recompiled the hot loops with full optimisation. A one-frame warm-up left the first
        // error rate measured partly on first-tier code (4 Mbit/s instead of 10 at Q = 1 % in one run).
        LdpcReconciliation.RunInProcess(family, alice, bob, keyBits, errorRate, options with { MaxDegreeOfParallelism = 1 }, points);
        ReconciliationReport report = null!;
        var timing = Timing.Measure(() => report = LdpcReconciliation.RunInProcess(family, alice, bob, keyBits, errorRate, options with { MaxDegreeOfParallelism = 1 }, points));
        return new ReconciliationPoint(
            errorRate,
            keyBits,
            LeakLedger.Efficiency(report.Leak.TotalBits, keyBits, errorRate),
            LeakLedger.Efficiency(report.Leak.AliceBits, keyBits, errorRate),
            report.Frames,
            report.FailedFrames,
            report.Leak.RoundTrips,
            report.Verified,
            Rate.Of(keyBits, timing));
    }

    /// <summary>
    /// Cascade (the optimised schedule) on keys drawn like <see cref="MeasureLdpc"/>'s (the same keys for the same
    /// length and seed), plus a 64-bit verification tag.
    /// </summary>
    public static CascadePoint MeasureCascade(double errorRate, long keyBits, ulong seed)
    {
        var (alice, bob) = CorrelatedKeys.Draw(keyBits, errorRate, seed);
        var schedule = CascadeSchedule.Optimised(errorRate, keyBits);

        // Warm-up, as for LDPC: a shorter run executes the same loops often enough for the runtime to optimise them.
        long warmBits = Math.Min(keyBits, 1L << 18);
        CascadeReconciliation.Run(alice, bob, warmBits, CascadeSchedule.Optimised(errorRate, warmBits), seed ^ 0x5EED);
        CascadeResult result = null!;
        var timing = Timing.Measure(() => result = CascadeReconciliation.Run(alice, bob, keyBits, schedule, seed ^ 0x5EED));
        long tag = 64;
        return new CascadePoint(
            errorRate,
            keyBits,
            LeakLedger.Efficiency(result.Leak.AliceBits + tag, keyBits, errorRate),
            LeakLedger.Efficiency(result.Leak.TotalBits + tag, keyBits, errorRate),
            result.Leak.RoundTrips,
            PackedBits.HammingDistance(alice, result.CorrectedKey, keyBits),
            Rate.Of(keyBits, timing));
    }

    public static ToeplitzFigures MeasureToeplitz(long inputBits, long outputBits, long compareInputBits, ulong seed)
    {
        var rng = new Xoshiro256StarStar(seed);
        var input = RandomBits(inputBits, ref rng);
        var seedBits = RandomBits(ToeplitzHash.SeedBits(inputBits, outputBits), ref rng);
        var output = new ulong[PackedBits.WordCount(outputBits)];
        ToeplitzHash.Hash(input, 1 << 20, seedBits, 1 << 19, output); // warm-up, not timed
        var first = Timing.Measure(() => ToeplitzHash.Hash(input, inputBits, seedBits, outputBits, output));
        var second = Timing.Measure(() => ToeplitzHash.Hash(input, inputBits, seedBits, outputBits, output));
        var fast = second.CpuSeconds < first.CpuSeconds ? second : first;
        input = null!;
        seedBits = null!;
        output = null!;

        long compareOutput = compareInputBits / 2;
        var x = RandomBits(compareInputBits, ref rng);
        var t = RandomBits(ToeplitzHash.SeedBits(compareInputBits, compareOutput), ref rng);
        var y1 = new ulong[PackedBits.WordCount(compareOutput)];
        var product = new ulong[PackedBits.WordCount(compareInputBits + ToeplitzHash.SeedBits(compareInputBits, compareOutput))];
        var compareFast = Timing.Best(3, () => ToeplitzHash.Hash(x, compareInputBits, t, compareOutput, y1));
        var schoolbook = Timing.Measure(() => Gf2Polynomial.Schoolbook(t, ToeplitzHash.SeedBits(compareInputBits, compareOutput), x, compareInputBits, product));
        var y2 = new ulong[PackedBits.WordCount(compareOutput)];
        PackedBits.Copy(product, compareInputBits - 1, y2, 0, compareOutput);
        return new ToeplitzFigures(inputBits, outputBits, fast, first, compareInputBits, compareFast, schoolbook, y1.AsSpan().SequenceEqual(y2));
    }

    /// <summary>
    /// A whole block from synthetic rounds to key, streamed in chunks: both stations sift (each keeps only its raw
    /// key), reconcile with the LDPC exchange in the family <paramref name="familyFor"/> gives for the raw key's
    /// length (with the schedule <paramref name="optionsFor"/> gives for that length and the estimated error rate),
    /// verify, and hash to the length <paramref name="keyLength"/> gives. Bob decodes on one thread; with
    /// <paramref name="decodingThreads"/> above 1 the reconciliation is run once more on the same keys with that many
    /// (<see cref="BlockFigures.ParallelDecoding"/>).
    /// </summary>
    public static BlockFigures MeasureBlock(
        long rounds, int chunkRounds, Func<long, LdpcCodeFamily> familyFor, Func<long, double, ReconciliationOptions> optionsFor, Func<BlockKeyLengthInputs, long> keyLength, ulong seed,
        int decodingThreads = 1) =>
        MeasureBlock(rounds, chunkRounds, new SyntheticRoundSource(SyntheticVisibility, SyntheticTestFraction, seed), familyFor, optionsFor, keyLength, decodingThreads);

    /// <summary>
    /// As above, with the rounds from <paramref name="source"/>: when it reads the stations' archives, reading counts
    /// towards the block's time (<see cref="BlockFigures.SourceCounted"/>).
    /// </summary>
    public static BlockFigures MeasureBlock(
        long rounds, int chunkRounds, IBlockRoundSource source, Func<long, LdpcCodeFamily> familyFor, Func<long, double, ReconciliationOptions> optionsFor,
        Func<BlockKeyLengthInputs, long> keyLength, int decodingThreads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(decodingThreads);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(familyFor);
        ArgumentNullException.ThrowIfNull(optionsFor);
        ArgumentNullException.ThrowIfNull(keyLength);
        var buffers = new RoundPlaneBuffers(chunkRounds);
        long expectedKey = (long)(rounds * (1.0 - SyntheticTestFraction) / 6.0 * 1.01);
        var aliceSifter = new StreamingSifter(expectedKey);
        var bobSifter = new StreamingSifter(expectedKey);
        double generation = 0, sifting = 0, cpu = 0;
        for (long done = 0; done < rounds; done += chunkRounds)
        {
            int size = (int)Math.Min(chunkRounds, rounds - done);
            var fillTime = Timing.Measure(() => source.Fill(buffers, size));
            generation += fillTime.WallSeconds;
            if (source.CountsTowardsBlock)
                cpu += fillTime.CpuSeconds;
            var siftTime = Timing.Measure(() =>
            {
                var planes = buffers.AsPlanes();
                aliceSifter.Add(planes, buffers.OutcomeA);
                bobSifter.Add(planes, buffers.OutcomeB);
            });
            sifting += siftTime.WallSeconds;
            cpu += siftTime.CpuSeconds;
        }

        buffers = null!;
        var counts = aliceSifter.Counts;
        long rawBits = aliceSifter.RawKeyBits;
        var aliceRaw = aliceSifter.TakeRawKey();
        var bobRaw = bobSifter.TakeRawKey();
        ReleaseMemory();
        double estimate = Math.Max(counts.KeyTestErrors, 1) / (double)Math.Max(counts.KeyTestRounds, 1);

        ReconciliationReport report = null!;
        var family = familyFor(rawBits);
        var options = optionsFor(rawBits, estimate) with { MaxDegreeOfParallelism = 1 };
        var points = RandomWords(VerificationTagLength.LanesFor(rawBits, 1e-10));
        var reconciliationTime = Timing.Measure(() => report = LdpcReconciliation.RunInProcess(family, aliceRaw, bobRaw, rawBits, estimate, options, points));
        double reconciliation = reconciliationTime.WallSeconds;
        cpu += reconciliationTime.CpuSeconds;
        ParallelDecodingFigures? parallel = null;
        if (decodingThreads > 1)
        {
            ReconciliationReport again = null!;
            var parallelTime = Timing.Measure(() =>
                again = LdpcReconciliation.RunInProcess(family, aliceRaw, bobRaw, rawBits, estimate, options with { MaxDegreeOfParallelism = decodingThreads }, points));
            parallel = new ParallelDecodingFigures(decodingThreads, parallelTime.WallSeconds, SameResult(report, again));
        }

        aliceRaw = null!;
        bobRaw = null!;
        ReleaseMemory();

        long finalBits = report.Verified ? Math.Max(0, keyLength(new BlockKeyLengthInputs(counts, report.ReconciledBits, report.Leak.TotalBits))) : 0;
        bool equal = false;
        double amplification = 0;
        if (finalBits > 0)
        {
            var toeplitzSeed = RandomBits(ToeplitzHash.SeedBits(report.ReconciledBits, finalBits));
            var aliceKey = new ulong[PackedBits.WordCount(finalBits)];
            var bobKey = new ulong[PackedBits.WordCount(finalBits)];
            var amplificationTime = Timing.Measure(() =>
            {
                ToeplitzHash.Hash(report.AliceKey, report.ReconciledBits, toeplitzSeed, finalBits, aliceKey);
                ToeplitzHash.Hash(report.BobKey, report.ReconciledBits, toeplitzSeed, finalBits, bobKey);
            });
            amplification = amplificationTime.WallSeconds;
            cpu += amplificationTime.CpuSeconds;
            equal = aliceKey.AsSpan().SequenceEqual(bobKey);
        }

        double peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        double wins = counts.ChshTrials == 0 ? 0 : (double)counts.ChshWinsTotal / counts.ChshTrials;
        return new BlockFigures(
            rounds, rawBits, estimate, wins, report.Leak.TotalBits, report.ReconciledBits, report.FailedFrames, report.Leak.RoundTrips,
            report.Verified, finalBits, equal, generation, sifting, reconciliation, amplification, cpu, peak, parallel)
        {
            SourceCounted = source.CountsTowardsBlock,
        };
    }

    private static bool SameResult(ReconciliationReport a, ReconciliationReport b) =>
        a.Verified == b.Verified && a.ReconciledBits == b.ReconciledBits && a.FailedFrames == b.FailedFrames
        && a.Leak.TotalBits == b.Leak.TotalBits && a.Leak.RoundTrips == b.Leak.RoundTrips
        && a.AliceKey.AsSpan().SequenceEqual(b.AliceKey) && a.BobKey.AsSpan().SequenceEqual(b.BobKey);

    /// <summary>Between stages: collect and compact, so freed stage memory is returned before the next stage allocates.</summary>
    private static void ReleaseMemory()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    private static ulong[] RandomWords(int count)
    {
        var words = new ulong[count];
        RandomNumberGenerator.Fill(System.Runtime.InteropServices.MemoryMarshal.AsBytes(words.AsSpan()));
        return words;
    }

    private static ulong[] RandomBits(long bits)
    {
        var words = RandomWords(PackedBits.WordCount(bits));
        PackedBits.ClearTail(words, bits);
        return words;
    }

    private static ulong[] RandomBits(long bits, ref Xoshiro256StarStar rng)
    {
        var words = new ulong[PackedBits.WordCount(bits)];
        rng.Fill(words);
        PackedBits.ClearTail(words, bits);
        return words;
    }
}
