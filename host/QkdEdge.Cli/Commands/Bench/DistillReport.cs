using System.Globalization;
using System.Text.Json;
using QkdEdge.Distillation.Measurement;
using QkdEdge.Distillation.Reconciliation.Ldpc;

namespace QkdEdge.Cli.Commands.Bench;

/// <summary>
/// What <c>qkdedge bench distill</c> measured, and its two renderings: the table for people and one JSON object
/// whose keys scripts and the distillation targets rely on (<c>siftRoundsPerSecond</c>, <c>ldpcEfficiency</c> ...).
/// </summary>
internal sealed record DistillReport(
    bool Quick,
    SiftingFigures Sifting,
    ReconciliationPoint[] Ldpc,
    CascadePoint[] Cascade,
    ToeplitzFigures Toeplitz,
    BlockFigures? Block,
    KernelPaths Kernels)
{
    public string ToTable()
    {
        var c = CultureInfo.InvariantCulture;
        var s = new StringWriter(c);
        s.WriteLine("qkdedge bench distill: rates per second of the measuring thread's CPU time (wall clock in brackets)");
        s.WriteLine(string.Create(c, $"kernels here: sifting {Kernels.Sifting}; LDPC decoder {Kernels.LdpcDecoder}; Toeplitz field products {Kernels.Toeplitz}; {Kernels.ProcessorCount} logical processors"));
        s.WriteLine();
        s.WriteLine("stage                                 figure                              baseline (same run)");
        var sift = Sifting;
        double bytesPerRound = (double)sift.PlaneBytes / sift.Rounds;
        s.WriteLine(string.Create(c, $"sifting + CHSH counting               {sift.Vector.PerCpuSecond / 1e9,6:F2} G rounds/s ({sift.Vector.PerWallSecond / 1e9:F2})    memcpy of the same {bytesPerRound:F2} B/round: {sift.Memcpy.PerCpuSecond / 1e9:F2} G rounds/s ({sift.Memcpy.PerWallSecond / 1e9:F2})"));
        s.WriteLine(string.Create(c, $"  {sift.Rounds:N0} rounds, vector/memcpy = {sift.Vector.PerCpuSecond / sift.Memcpy.PerCpuSecond:P0}                  scalar kernel: {sift.Scalar.PerCpuSecond / 1e9:F2} G rounds/s, same counts: {sift.KernelsAgree}"));
        s.WriteLine();
        s.WriteLine("reconciliation      Q     LDPC f   FER      round trips  Mbit/s       Cascade f (with replies)  round trips  Mbit/s");
        for (int i = 0; i < Ldpc.Length; i++)
        {
            var l = Ldpc[i];
            var k = Cascade[i];
            s.WriteLine(string.Create(c, $"                    {l.ErrorRate,4:P0}  {l.Efficiency,6:F3}  {l.FrameErrorRate,7:G3}  {l.RoundTrips,11}  {l.KeyBitRate.PerCpuSecond / 1e6,6:F1} ({l.KeyBitRate.PerWallSecond / 1e6:F1})  {k.Efficiency,9:F3} ({k.EfficiencyWithReplies:F3})  {k.RoundTrips,11}  {k.KeyBitRate.PerCpuSecond / 1e6,6:F2}"));
        }

        s.WriteLine(string.Create(c, $"  LDPC: {Ldpc[0].KeyBits:N0} key bits per Q, frames of {StandardLdpcCodes.ForKey(Ldpc[0].KeyBits).FrameLength:N0} bits, every disclosed bit charged (syndromes, reveals, Bob's replies, 64-bit tag)"));
        s.WriteLine(string.Create(c, $"  Cascade: the same {Cascade[0].KeyBits:N0}-bit keys, optimised schedule; f counts Alice's parities and the tag, the bracket adds Bob's replies"));
        s.WriteLine();
        var t = Toeplitz;
        double compareBits = t.CompareInputBits;
        s.WriteLine(string.Create(c, $"Toeplitz {t.InputBits:G3} -> {t.OutputBits:G3} bits      {t.Fast.CpuSeconds,6:F3} s ({t.Fast.WallSeconds:F3}; first run {t.FastFirstRun.CpuSeconds:F3})  at {compareBits:G3} bits: fast {t.CompareFast.CpuSeconds * 1e3:F1} ms, schoolbook {t.CompareSchoolbook.CpuSeconds * 1e3:F1} ms, equal: {t.FastMatchesSchoolbook}"));
        s.WriteLine(string.Create(c, $"  {t.InputBits / t.Fast.CpuSeconds / 1e6:F0} Mbit/s of input; schoolbook at full size, extrapolated from the compared size (cost ~ n (n + l)): {t.ExtrapolatedSchoolbookSeconds:G3} s, {t.ExtrapolatedSpeedup:G3} times slower"));
        s.WriteLine();
        if (Block is { } b)
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

    public string ToJson()
    {
        static string Key(double q) => q.ToString("0.00", CultureInfo.InvariantCulture);
        var l2 = Ldpc.First(p => p.ErrorRate == 0.02);
        var document = new
        {
            quick = Quick,
            timeBase = "CPU time of the measuring thread",
            kernels = new { sifting = Kernels.Sifting, ldpcDecoder = Kernels.LdpcDecoder, toeplitz = Kernels.Toeplitz },
            processorCount = Kernels.ProcessorCount,
            siftRoundsPerSecond = Sifting.Vector.PerCpuSecond,
            siftScalarRoundsPerSecond = Sifting.Scalar.PerCpuSecond,
            memcpyRoundsPerSecond = Sifting.Memcpy.PerCpuSecond,
            siftRoundsPerWallSecond = Sifting.Vector.PerWallSecond,
            memcpyRoundsPerWallSecond = Sifting.Memcpy.PerWallSecond,
            siftRounds = Sifting.Rounds,
            ldpcEfficiency = Ldpc.ToDictionary(p => Key(p.ErrorRate), p => p.Efficiency),
            ldpcFrameErrorRate = Ldpc.ToDictionary(p => Key(p.ErrorRate), p => p.FrameErrorRate),
            ldpcMbitPerSecond = l2.KeyBitRate.PerCpuSecond / 1e6,
            ldpcMbitPerSecondByQber = Ldpc.ToDictionary(p => Key(p.ErrorRate), p => p.KeyBitRate.PerCpuSecond / 1e6),
            ldpcRoundTrips = Ldpc.Max(p => p.RoundTrips),
            ldpcRoundTripsByQber = Ldpc.ToDictionary(p => Key(p.ErrorRate), p => p.RoundTrips),
            ldpcVerified = Ldpc.All(p => p.Verified),
            ldpcKeyBits = Ldpc[0].KeyBits,
            ldpcFrameBits = StandardLdpcCodes.ForKey(Ldpc[0].KeyBits).FrameLength,
            cascadeEfficiency = Cascade.ToDictionary(p => Key(p.ErrorRate), p => p.Efficiency),
            cascadeEfficiencyWithReplies = Cascade.ToDictionary(p => Key(p.ErrorRate), p => p.EfficiencyWithReplies),
            cascadeRoundTrips = Cascade.ToDictionary(p => Key(p.ErrorRate), p => p.RoundTrips),
            cascadeMbitPerSecond = Cascade.ToDictionary(p => Key(p.ErrorRate), p => p.KeyBitRate.PerCpuSecond / 1e6),
            cascadeKeyBits = Cascade[0].KeyBits,
            toeplitzInputBits = Toeplitz.InputBits,
            toeplitzOutputBits = Toeplitz.OutputBits,
            toeplitzSeconds1e8 = Quick ? (double?)null : Toeplitz.Fast.CpuSeconds,
            toeplitzWallSeconds = Toeplitz.Fast.WallSeconds,
            toeplitzFirstRunSeconds = Toeplitz.FastFirstRun.CpuSeconds,
            toeplitzInputMbitPerSecond = Toeplitz.InputBits / Toeplitz.Fast.CpuSeconds / 1e6,
            toeplitzSchoolbookSecondsExtrapolated = Toeplitz.ExtrapolatedSchoolbookSeconds,
            toeplitzSpeedupExtrapolated = Toeplitz.ExtrapolatedSpeedup,
            toeplitzSeconds = Toeplitz.Fast.CpuSeconds,
            toeplitzCompareBits = Toeplitz.CompareInputBits,
            toeplitzCompareFastSeconds = Toeplitz.CompareFast.CpuSeconds,
            toeplitzCompareSchoolbookSeconds = Toeplitz.CompareSchoolbook.CpuSeconds,
            toeplitzMatchesSchoolbook = Toeplitz.FastMatchesSchoolbook,
            blockSeconds1e9 = Block?.TotalSeconds,
            blockCpuSeconds1e9 = Block?.CpuSeconds,
            blockPeakMegabytes1e9 = Block?.PeakMegabytes,
            blockSource = Block is null ? null : "archive",
            blockRounds = Block?.Rounds,
            blockArchiveReadSeconds = Block?.GenerationSeconds,
            blockArchiveWriteSeconds = Block?.ArchiveWriteSeconds,
            blockArchiveBytes = Block?.ArchiveBytes,
            blockSiftingSeconds = Block?.SiftingSeconds,
            blockReconciliationSeconds = Block?.ReconciliationSeconds,
            blockAmplificationSeconds = Block?.AmplificationSeconds,
            blockRawKeyBits = Block?.RawKeyBits,
            blockFinalKeyBits = Block?.FinalKeyBits,
            blockVerified = Block?.Verified,
            blockKeysEqual = Block?.FinalKeysEqual,
            blockDecodingThreads = Block?.ParallelDecoding?.Threads,
            blockSecondsAllThreads1e9 = Block?.AllThreadsSeconds,
            blockReconciliationSecondsAllThreads = Block?.ParallelDecoding?.ReconciliationSeconds,
            blockAllThreadsSameResult = Block?.ParallelDecoding?.SameResult,
        };
        return JsonSerializer.Serialize(document);
    }
}
