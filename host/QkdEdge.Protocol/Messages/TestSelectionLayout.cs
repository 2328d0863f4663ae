namespace QkdEdge.Protocol.Messages;

/// <summary>How a <see cref="TestSelectionMessage"/> carries the tested rounds: the byte after its round count.</summary>
public enum TestSelectionLayout : byte
{
    /// <summary>One bit per round, set where the round is tested.</summary>
    Bitmap = 0,

    /// <summary>The count of tested rounds, a Rice parameter k, then the gaps between tested rounds (<see cref="RiceGapCode"/>).</summary>
    RiceGaps = 1,
}
