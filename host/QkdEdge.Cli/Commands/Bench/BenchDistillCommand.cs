using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using QkdEdge.Distillation.Measurement;
using QkdEdge.Distillation.Reconciliation.Ldpc;
using QkdEdge.Security.Asymptotic;
using QkdEdge.Security.FiniteKey;

namespace QkdEdge.Cli.Commands.Bench;

/// <summary>
/// <c>qkdedge bench distill</c>: the distillation stages on synthetic data, each beside a baseline measured in the
/// same run: sifting and CHSH counting against copying the same bit-plane bytes; rate-adaptive LDPC
/// reconciliation against Cascade on keys drawn the same way; the fast Toeplitz product against the schoolbook
/// carry-less product; and a whole 10^9-round block from rounds to key, streamed in chunks.
/// </summary>
public static class BenchDistillCommand
{
    private static readonly double[] ErrorRates = [0.01, 0.02, 0.05, 0.08];

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };
        var quick = new Option<bool>("--quick") { Description = "Smaller samples and no 10^9-round block (for CI)." };
        var blockRounds = new Option<long>("--block-rounds")
        {
            Description = "Rounds of the block taken from the stations' archives to key (the archives, about 0.6 bytes per round each, are written to the temporary directory first).",
            DefaultValueFactory = _ => 1_000_000_000,
        };
        blockRounds.Validators.Add(result =>
        {
            long value = result.GetValueOrDefault<long>();
            if (value is < 1 << 20 or > 4_000_000_000)
                result.AddError($"--block-rounds must lie between 2^20 and 4e9; got {value}.");
        });
        var command = new Command("distill", "Sifting, reconciliation, verification and privacy amplification throughput and efficiency, beside same-run baselines.") { json, quick, blockRounds };
        command.Action = new InputCheckedAction(parseResult =>
        {
            var report = Measure(parseResult.GetValue(quick), parseResult.GetValue(blockRounds));
            TextWriter output = parseResult.InvocationConfiguration.Output;
            output.WriteLine(parseResult.GetValue(json) ? ToJson(report) : ToTable(report));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Report Measure(bool quick, long blockRounds)
    {
        // The block runs first so that the process's peak working set is the block's.
        BlockFigures? block = quick ? null : MeasureArchivedBlock(blockRounds);
        var sifting = DistillationBenchmarks.MeasureSifting(quick ? 1 << 24 : 1 << 27, 3, 12);
        long ldpcBits = quick ? 1 << 19 : 1 << 22;
        long cascadeBits = ldpcBits; // the same keys: both draw them from the same length and seed
        var family = StandardLdpcCodes.ForKey(ldpcBits);
        var ldpc = ErrorRates.Select((q, i) => DistillationBenchmarks.MeasureLdpc(family, ReconciliationOptions.ForKey(ldpcBits, q), q, ldpcBits, 100 + (ulong)i)).ToArray();
        var cascade = ErrorRates.Select((q, i) => DistillationBenchmarks.MeasureCascade(q, cascadeBits, 100 + (ulong)i)).ToArray();
        var toeplitz = quick
            ? DistillationBenchmarks.MeasureToeplitz(10_000_000, 5_000_000, 1 << 18, 13)
            : DistillationBenchmarks.MeasureToeplitz(100_000_000, 50_000_000, 1 << 20, 13);
        return new Report(quick, sifting, ldpc, cascade, toeplitz, block);
    }

    /// <summary>
    /// The block from the two stations' archives to key: the archives are written first (setup, reported as the
    /// block's generation time), then read back a batch at a time into the sifting planes, and deleted afterwards.
    /// </summary>
    private static BlockFigures MeasureArchivedBlock(long rounds)
    {
        string directory = Directory.CreateTempSubdirectory("qkdedge-bench-archives-").FullName;
        try
        {
            string alice = Path.Combine(directory, "alice.qka"), bob = Path.Combine(directory, "bob.qka");
            double writing = ArchivedBlockWriter.Write(alice, bob, rounds, 11);
            using var source = new ArchivedRoundSource(alice, bob, DistillationBenchmarks.SyntheticTestFraction, 12);
            var figures = DistillationBenchmarks.MeasureBlock(rounds, 1 << 24, source, StandardLdpcCodes.ForKey, ReconciliationOptions.ForKey, KeyLength, Environment.ProcessorCount);
            return figures with { ArchiveWriteSeconds = writing, ArchiveBytes = new FileInfo(alice).Length + new FileInfo(bob).Length };
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// Final key length of the synthetic block from the security analysis: the leftover hash lemma on the
    /// asymptotic single-round min-entropy bound g(w) of the observed CHSH win fraction (reference sheet 1 and 8.2),
    /// with the reference sheet's eps_PA. The block's length only sizes the privacy-amplification workload here; the
    /// protocol engine takes the finite-key length from <see cref="FiniteKeyAnalysis"/>.
    /// </summary>
    private static long KeyLength(BlockKeyLengthInputs inputs)
    {
        double wins = inputs.Counts.ChshTrials == 0 ? 0 : (double)inputs.Counts.ChshWinsTotal / inputs.Counts.ChshTrials;
        double minEntropy = inputs.ReconciledBits * ChshEntropyBound.OfWinProbability(wins);
        return PrivacyAmplification.KeyLength(minEntropy, inputs.LeakedBits, EatSecurityParameters.ReferenceSheet.PrivacyAmplification);
    }

    private static string ToTable(Report r)
    {
        var c = CultureInfo.InvariantCulture;
        var s = new StringWriter(c);
        s.WriteLine("qkdedge bench distill: rates per second of the measuring thread's CPU time (wall clock in brackets)");
        s.WriteLine();
        s.WriteLine("stage                                 figure                              baseline (same run)");
        var sift = r.Sifting;
        double bytesPerRound = (double)sift.PlaneBytes / sift.Rounds;
        s.WriteLine(string.Create(c, $"sifting + CHSH counting, AVX2        {sift.Vector.PerCpuSecond / 1e9,6:F2} G rounds/s ({sift.Vector.PerWallSecond / 1e9:F2})    memcpy of the same {bytesPerRound:F2} B/round: {sift.Memcpy.PerCpuSecond / 1e9:F2} G rounds/s ({sift.Memcpy.PerWallSecond / 1e9:F2})"));
        s.WriteLine(string.Create(c, $"  {sift.Rounds:N0} rounds, vector/memcpy = {sift.Vector.PerCpuSecond / sift.Memcpy.PerCpuSecond:P0}                  scalar kernel: {sift.Scalar.PerCpuSecond / 1e9:F2} G rounds/s, same counts: {sift.KernelsAgree}"));
        s.WriteLine();
        s.WriteLine("reconciliation      Q     LDPC f   FER      round trips  Mbit/s       Cascade f (with replies)  round trips  Mbit/s");
        for (int i = 0; i < r.Ldpc.Length; i++)
        {
            var l = r.Ldpc[i];
            var k = r.Cascade[i];
            s.WriteLine(string.Create(c, $"                    {l.ErrorRate,4:P0}  {l.Efficiency,6:F3}  {l.FrameErrorRate,7:G3}  {l.RoundTrips,11}  {l.KeyBitRate.PerCpuSecond / 1e6,6:F1} ({l.KeyBitRate.PerWallSecond / 1e6:F1})  {k.Efficiency,9:F3} ({k.EfficiencyWithReplies:F3})  {k.RoundTrips,11}  {k.KeyBitRate.PerCpuSecond / 1e6,6:F2}"));
        }

        s.WriteLine(string.Create(c, $"  LDPC: {r.Ldpc[0].KeyBits:N0} key bits per Q, frames of {StandardLdpcCodes.ForKey(r.Ldpc[0].KeyBits).FrameLength:N0} bits, every disclosed bit charged (syndromes, reveals, Bob's replies, 64-bit tag)"));
        s.WriteLine(string.Create(c, $"  Cascade: the same {r.Cascade[0].KeyBits:N0}-bit keys, optimised schedule; f counts Alice's parities and the tag, the bracket adds Bob's replies"));
        s.WriteLine();
        var t = r.Toeplitz;
        double compareBits = t.CompareInputBits;
        s.WriteLine(string.Create(c, $"Toeplitz {t.InputBits:G3} -> {t.OutputBits:G3} bits      {t.Fast.CpuSeconds,6:F3} s ({t.Fast.WallSeconds:F3}; first run {t.FastFirstRun.CpuSeconds:F3})  at {compareBits:G3} bits: fast {t.CompareFast.CpuSeconds * 1e3:F1} ms, schoolbook {t.CompareSchoolbook.CpuSeconds * 1e3:F1} ms, equal: {t.FastMatchesSchoolbook}"));
        s.WriteLine(string.Create(c, $"  {t.InputBits / t.Fast.CpuSeconds / 1e6:F0} Mbit/s of input; schoolbook at full size, extrapolated from the compared size (cost ~ n (n + l)): {t.ExtrapolatedSchoolbookSeconds:G3} s, {t.ExtrapolatedSpeedup:G3} times slower"));
        s.WriteLine();
        if (r.Block is { } b)
        {
            s.WriteLine(string.Create(c, $"block of {b.Rounds:G3} rounds, archive to key   {b.TotalSeconds,6:F1} s wall ({b.CpuSeconds:F1} s CPU, one thread), peak {b.PeakMegabytes:F0} MB    (writing the two archives, {b.ArchiveBytes / 1e6:F0} MB: {b.ArchiveWriteSeconds:F1} s, setup, not counted)"));
            s.WriteLine(string.Create(c, $"  reading both archives {b.GenerationSeconds:F1} s, sifting {b.SiftingSeconds:F1} s, reconciliation {b.ReconciliationSeconds:F1} s (both stations), privacy amplification {b.AmplificationSeconds:F1} s (both)"));
            s.WriteLine(string.Create(c, $"  raw key {b.RawKeyBits:N0} bits, Q est {b.EstimatedErrorRate:P2}, CHSH wins {b.ChshWinFraction:F4}, leak {b.LeakedBits:N0}, round trips {b.RoundTrips}, failed frames {b.FailedFrames}, verified {b.Verified}, final key {b.FinalKeyBits:N0} bits, keys equal {b.FinalKeysEqual}"));
            if (b.ParallelDecoding is { } p)
            {
                s.WriteLine(string.Create(c, $"  Bob decoding {p.Threads} frames at once: reconciliation {p.ReconciliationSeconds:F1} s wall ({b.ReconciliationSeconds / p.ReconciliationSeconds:F2} times as fast), block {b.AllThreadsSeconds:F1} s wall, same keys and leak: {p.SameResult}"));
            }
        }
        else
        {
            s.WriteLine("block of 1e9 rounds: skipped (--quick)");
        }

        return s.ToString();
    }

    private static string ToJson(Report r)
    {
        static string Key(double q) => q.ToString("0.00", CultureInfo.InvariantCulture);
        var l2 = r.Ldpc.First(p => p.ErrorRate == 0.02);
        var document = new
        {
            quick = r.Quick,
            timeBase = "CPU time of the measuring thread",
            siftRoundsPerSecond = r.Sifting.Vector.PerCpuSecond,
            siftScalarRoundsPerSecond = r.Sifting.Scalar.PerCpuSecond,
            memcpyRoundsPerSecond = r.Sifting.Memcpy.PerCpuSecond,
            siftRoundsPerWallSecond = r.Sifting.Vector.PerWallSecond,
            memcpyRoundsPerWallSecond = r.Sifting.Memcpy.PerWallSecond,
            siftRounds = r.Sifting.Rounds,
            ldpcEfficiency = r.Ldpc.ToDictionary(p => Key(p.ErrorRate), p => p.Efficiency),
            ldpcFrameErrorRate = r.Ldpc.ToDictionary(p => Key(p.ErrorRate), p => p.FrameErrorRate),
            ldpcMbitPerSecond = l2.KeyBitRate.PerCpuSecond / 1e6,
            ldpcMbitPerSecondByQber = r.Ldpc.ToDictionary(p => Key(p.ErrorRate), p => p.KeyBitRate.PerCpuSecond / 1e6),
            ldpcRoundTrips = r.Ldpc.Max(p => p.RoundTrips),
            ldpcRoundTripsByQber = r.Ldpc.ToDictionary(p => Key(p.ErrorRate), p => p.RoundTrips),
            ldpcVerified = r.Ldpc.All(p => p.Verified),
            ldpcKeyBits = r.Ldpc[0].KeyBits,
            ldpcFrameBits = StandardLdpcCodes.ForKey(r.Ldpc[0].KeyBits).FrameLength,
            cascadeEfficiency = r.Cascade.ToDictionary(p => Key(p.ErrorRate), p => p.Efficiency),
            cascadeEfficiencyWithReplies = r.Cascade.ToDictionary(p => Key(p.ErrorRate), p => p.EfficiencyWithReplies),
            cascadeRoundTrips = r.Cascade.ToDictionary(p => Key(p.ErrorRate), p => p.RoundTrips),
            cascadeMbitPerSecond = r.Cascade.ToDictionary(p => Key(p.ErrorRate), p => p.KeyBitRate.PerCpuSecond / 1e6),
            cascadeKeyBits = r.Cascade[0].KeyBits,
            toeplitzInputBits = r.Toeplitz.InputBits,
            toeplitzOutputBits = r.Toeplitz.OutputBits,
            toeplitzSeconds1e8 = r.Quick ? (double?)null : r.Toeplitz.Fast.CpuSeconds,
            toeplitzWallSeconds = r.Toeplitz.Fast.WallSeconds,
            toeplitzFirstRunSeconds = r.Toeplitz.FastFirstRun.CpuSeconds,
            toeplitzInputMbitPerSecond = r.Toeplitz.InputBits / r.Toeplitz.Fast.CpuSeconds / 1e6,
            toeplitzSchoolbookSecondsExtrapolated = r.Toeplitz.ExtrapolatedSchoolbookSeconds,
            toeplitzSpeedupExtrapolated = r.Toeplitz.ExtrapolatedSpeedup,
            toeplitzSeconds = r.Toeplitz.Fast.CpuSeconds,
            toeplitzCompareBits = r.Toeplitz.CompareInputBits,
            toeplitzCompareFastSeconds = r.Toeplitz.CompareFast.CpuSeconds,
            toeplitzCompareSchoolbookSeconds = r.Toeplitz.CompareSchoolbook.CpuSeconds,
            toeplitzMatchesSchoolbook = r.Toeplitz.FastMatchesSchoolbook,
            blockSeconds1e9 = r.Block?.TotalSeconds,
            blockCpuSeconds1e9 = r.Block?.CpuSeconds,
            blockPeakMegabytes1e9 = r.Block?.PeakMegabytes,
            blockSource = r.Block is null ? null : "archive",
            blockRounds = r.Block?.Rounds,
            blockArchiveReadSeconds = r.Block?.GenerationSeconds,
            blockArchiveWriteSeconds = r.Block?.ArchiveWriteSeconds,
            blockArchiveBytes = r.Block?.ArchiveBytes,
            blockSiftingSeconds = r.Block?.SiftingSeconds,
            blockReconciliationSeconds = r.Block?.ReconciliationSeconds,
            blockAmplificationSeconds = r.Block?.AmplificationSeconds,
            blockRawKeyBits = r.Block?.RawKeyBits,
            blockFinalKeyBits = r.Block?.FinalKeyBits,
            blockVerified = r.Block?.Verified,
            blockKeysEqual = r.Block?.FinalKeysEqual,
            blockDecodingThreads = r.Block?.ParallelDecoding?.Threads,
            blockSecondsAllThreads1e9 = r.Block?.AllThreadsSeconds,
            blockReconciliationSecondsAllThreads = r.Block?.ParallelDecoding?.ReconciliationSeconds,
            blockAllThreadsSameResult = r.Block?.ParallelDecoding?.SameResult,
        };
        return JsonSerializer.Serialize(document);
    }

    private sealed record Report(
        bool Quick,
        SiftingFigures Sifting,
        ReconciliationPoint[] Ldpc,
        CascadePoint[] Cascade,
        ToeplitzFigures Toeplitz,
        BlockFigures? Block);
}
