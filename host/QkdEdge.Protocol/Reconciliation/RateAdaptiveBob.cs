using QkdEdge.Distillation.Reconciliation.Ldpc;
using QkdEdge.Protocol.Messages;

namespace QkdEdge.Protocol.Reconciliation;

/// <summary>
/// Bob's end of <see cref="RateAdaptiveLdpcReconciliation"/>: <see cref="LdpcBob"/> behind the byte messages of
/// <see cref="RateAdaptiveWire"/>. He counts the disclosure from what crossed the channel: the syndrome and
/// padding bits he read, and the report bits he sent back. That is the sum Alice's ledger charges, obtained
/// without trusting her count.
/// </summary>
internal sealed class RateAdaptiveBob : IBobReconciler, IDisclosureCounter
{
    private readonly LdpcCodeFamily _family;
    private readonly ReconciliationPlan _plan;
    private readonly LdpcBob _bob;
    private DecodeReport? _last;
    private int _attempt;

    public RateAdaptiveBob(LdpcCodeFamily family, ReconciliationPlan plan, ulong[] rawKey, ReconciliationOptions options)
    {
        _family = family;
        _plan = plan;
        _bob = new LdpcBob(family, plan, rawKey, options);
    }

    public bool Done { get; private set; }

    public long DisclosedBits { get; private set; }

    public byte[] OnMessage(ReadOnlySpan<byte> message)
    {
        if (Done)
            throw new MalformedPayloadException("reconciliation: a message arrived after Bob's last report.");
        DecodeReport report;
        if (_last is null)
        {
            var layouts = _plan.Frames.Select(f => _family.Layout(f.CodeIndex, f.PaddingBits, f.ShortenedBits)).ToArray();
            var frames = RateAdaptiveWire.ReadSyndromes(message, _plan, layouts);
            DisclosedBits += frames.Sum(f => (long)f.BitCount);
            _attempt = 1;
            report = _bob.Receive(new SyndromeMessage(frames, RateAdaptiveAlice.UnsentTagPoints));
        }
        else
        {
            _attempt++;
            var reveals = RateAdaptiveWire.ReadReveals(message, _attempt, OpenFrames(_last, _attempt));
            DisclosedBits += reveals.DisclosedBits;
            report = _bob.Receive(reveals);
        }

        DisclosedBits += report.TriedFrames.Count;
        _last = report;
        Done = report.IsFinal;
        return RateAdaptiveWire.WriteReport(report);
    }

    public (ulong[] Key, long Bits) ReconciledKey()
    {
        if (!Done)
            throw new InvalidOperationException("The key is reconciled only once Bob has sent his last report.");
        return _bob.ReconciledKey();
    }

    /// <summary>The frames Alice must reveal padding for at <paramref name="attempt"/>, with how many values each.</summary>
    private List<(int Frame, int Count)> OpenFrames(DecodeReport last, int attempt)
    {
        var open = new List<(int, int)>();
        for (int i = 0; i < last.TriedFrames.Count; i++)
        {
            var frame = _plan.Frames[last.TriedFrames[i]];
            if (!last.Decoded[i] && attempt <= frame.Attempts)
                open.Add((frame.Index, frame.CumulativeReveals[attempt - 1] - frame.CumulativeReveals[attempt - 2]));
        }

        return open;
    }
}
