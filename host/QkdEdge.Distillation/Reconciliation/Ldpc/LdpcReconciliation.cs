using QkdEdge.Distillation.Bits;

namespace QkdEdge.Distillation.Reconciliation.Ldpc;

/// <summary>
/// Runs Alice's and Bob's sides against each other in one process, passing the messages directly: what the
/// benchmarks and tests use, and a reference for wiring the two sides over the peer channel.
/// </summary>
public static class LdpcReconciliation
{
    public static ReconciliationReport RunInProcess(
        LdpcCodeFamily family,
        ReadOnlySpan<ulong> aliceKey,
        ReadOnlySpan<ulong> bobKey,
        long keyBits,
        double estimatedErrorRate,
        ReconciliationOptions options,
        ReadOnlySpan<ulong> hashPoints)
    {
        var plan = ReconciliationPlanner.Plan(family, keyBits, estimatedErrorRate, options);
        var alice = new LdpcAlice(family, plan, aliceKey, hashPoints);
        var bob = new LdpcBob(family, plan, bobKey, options);
        var report = bob.Receive(alice.Start());
        while (alice.Respond(report) is { } reveals)
        {
            report = bob.Receive(reveals);
        }

        var (aliceReconciled, bits) = alice.ReconciledKey();
        var (bobReconciled, _) = bob.ReconciledKey();
        var decodedAt = new int[plan.MaxAttempts + 1];
        int failed = 0;
        for (int f = 0; f < plan.Frames.Count; f++)
        {
            if (bob.DecodedFrames[f])
            {
                decodedAt[bob.Attempts[f]]++;
            }
            else
            {
                failed++;
            }
        }

        return new ReconciliationReport(aliceReconciled, bobReconciled, bits, alice.Verified == true, alice.Leak, plan.Frames.Count, failed, decodedAt, plan, bob.DecodedFrames.ToArray());
    }
}
