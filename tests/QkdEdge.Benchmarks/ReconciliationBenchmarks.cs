using BenchmarkDotNet.Attributes;
using QkdEdge.Distillation.Measurement;
using QkdEdge.Distillation.Reconciliation.Cascade;
using QkdEdge.Distillation.Reconciliation.Ldpc;

namespace QkdEdge.Benchmarks;

/// <summary>The rate-adaptive LDPC exchange against Cascade (the baseline) on keys of the same error rate.</summary>
public class ReconciliationBenchmarks
{
    private static readonly ulong[] Points = [0x243F_6A88_85A3_08D3UL];
    private ulong[] _alice = null!;
    private ulong[] _bob = null!;

    [Params(0.02, 0.05)]
    public double ErrorRate { get; set; }

    [Params(1 << 18)]
    public int KeyBits { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_alice, _bob) = CorrelatedKeys.Draw(KeyBits, ErrorRate, seed: 2);
        var plan = ReconciliationPlanner.Plan(StandardLdpcCodes.Family, KeyBits, ErrorRate, ReconciliationOptions.Default);
        foreach (var frame in plan.Frames)
        {
            StandardLdpcCodes.Family.Code(frame.CodeIndex);
        }
    }

    [Benchmark(Baseline = true)]
    public CascadeResult Cascade() => CascadeReconciliation.Run(_alice, _bob, KeyBits, CascadeSchedule.Optimised(ErrorRate, KeyBits), shuffleSeed: 3);

    [Benchmark]
    public ReconciliationReport Ldpc() => LdpcReconciliation.RunInProcess(StandardLdpcCodes.Family, _alice, _bob, KeyBits, ErrorRate, ReconciliationOptions.Default, Points);
}
