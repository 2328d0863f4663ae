namespace QkdEdge.Distillation.Reconciliation.Ldpc;

/// <summary>
/// A frame's decoder state between attempts (check messages, posteriors, and the channel values they were built
/// from), so that after Alice reveals more padding the decoder continues where it stopped instead of starting
/// over: the revealed bits enter as a change of their channel value.
/// </summary>
public sealed class DecoderState
{
    internal DecoderState(int messages, int bits)
    {
        CheckMessages = new sbyte[messages];
        Posterior = new sbyte[bits];
        Channel = new sbyte[bits];
    }

    /// <summary>Bytes this state holds.</summary>
    public long Bytes => CheckMessages.Length + Posterior.Length + Channel.Length;

    internal bool IsSet { get; set; }

    internal sbyte[] CheckMessages { get; }

    internal sbyte[] Posterior { get; }

    internal sbyte[] Channel { get; }
}
