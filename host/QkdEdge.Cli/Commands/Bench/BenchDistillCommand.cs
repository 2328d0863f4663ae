using System.CommandLine;
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
            output.WriteLine(parseResult.GetValue(json) ? report.ToJson() : report.ToTable());
            return ExitCodes.Success;
        });
        return command;
    }

    private static DistillReport Measure(bool quick, long blockRounds)
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
        return new DistillReport(quick, sifting, ldpc, cascade, toeplitz, block, KernelPaths.OnThisMachine(family));
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
}
