namespace QkdEdge.Distillation.Reconciliation.Ldpc;

/// <summary>
/// The outcome of a whole exchange as run in one process: both reconciled keys (the decoded frames only), whether
/// Bob's verification tag matched, and the exact ledger of disclosed bits. <see cref="Verified"/> false means
/// the block must be aborted; a frame that never decoded is left out of both keys and counted in
/// <see cref="FailedFrames"/>, while its disclosures stay charged.
/// </summary>
public sealed record ReconciliationReport(
    ulong[] AliceKey,
    ulong[] BobKey,
    long ReconciledBits,
    bool Verified,
    LeakLedger Leak,
    int Frames,
    int FailedFrames,
    IReadOnlyList<int> FramesDecodedAtAttempt,
    ReconciliationPlan Plan,
    IReadOnlyList<bool> DecodedFrames)
{
    /// <summary>Frames that never decoded, as a fraction of all frames.</summary>
    public double FrameErrorRate => Frames == 0 ? 0 : (double)FailedFrames / Frames;
}
