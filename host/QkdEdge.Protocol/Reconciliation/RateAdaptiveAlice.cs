using QkdEdge.Distillation.Reconciliation;
using QkdEdge.Distillation.Reconciliation.Ldpc;
using QkdEdge.Protocol.Messages;

namespace QkdEdge.Protocol.Reconciliation;

/// <summary>
/// Alice's end of <see cref="RateAdaptiveLdpcReconciliation"/>: <see cref="LdpcAlice"/> behind the byte messages
/// of <see cref="RateAdaptiveWire"/>. Bob's last report is the one after which no frame has an attempt left;
/// Alice knows that from the plan, exactly as Bob does, so it needs no flag of its own.
/// </summary>
internal sealed class RateAdaptiveAlice : IAliceReconciler
{
    // The distillation exchange evaluates its own tag at these points; the tag never goes on the wire (see
    // RateAdaptiveWire), so the point is a constant and carries no secret.
    internal static readonly ulong[] UnsentTagPoints = [1];

    private readonly LdpcAlice _alice;
    private readonly ReconciliationPlan _plan;
    private readonly long _rawBits;
    private IReadOnlyList<int> _lastSent = [];
    private int _attempt;
    private bool _finished;

    public RateAdaptiveAlice(LdpcCodeFamily family, ReconciliationPlan plan, ulong[] rawKey, long rawBits)
    {
        _plan = plan;
        _rawBits = rawBits;
        _alice = new LdpcAlice(family, plan, rawKey, UnsentTagPoints);
    }

    /// <summary>The distillation ledger: every bit disclosed, by kind (syndromes, revealed padding, Bob's report bits).</summary>
    public LeakLedger Leak => _alice.Leak;

    public long DisclosedBits => _alice.Leak.TotalBits;

    public byte[] Start()
    {
        var message = _alice.Start();
        _lastSent = message.Frames.Select(f => f.Frame).ToArray();
        _attempt = 1;
        return RateAdaptiveWire.WriteSyndromes(message, _rawBits, _plan.EstimatedErrorRate);
    }

    public byte[]? OnReply(ReadOnlySpan<byte> reply)
    {
        if (_attempt == 0 || _finished)
            throw new InvalidOperationException(_finished ? "The exchange has already finished." : "The exchange has not started.");
        var report = RateAdaptiveWire.ReadReport(reply, _lastSent);
        var reveals = _alice.Respond(report) ?? throw new InvalidOperationException("A report without a tag is never final for the distillation exchange.");
        if (reveals.Frames.Count == 0)
        {
            _finished = true;
            return null;
        }

        _attempt++;
        _lastSent = reveals.Frames.Select(f => f.Frame).ToArray();
        return RateAdaptiveWire.WriteReveals(reveals, _attempt);
    }

    public (ulong[] Key, long Bits) ReconciledKey()
    {
        if (!_finished)
            throw new InvalidOperationException("The key is reconciled only once Bob's last report has arrived.");
        return _alice.ReconciledKey();
    }
}
