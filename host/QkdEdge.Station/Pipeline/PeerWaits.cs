namespace QkdEdge.Station.Pipeline;

/// <summary>
/// How long a station waits for its peer while the peer works through a whole block. Most replies come within the
/// configured receive timeout (<c>peer:receiveTimeoutSeconds</c>), but steps that scale with the block get this
/// allowance: Alice aligns every round before she answers with the pairs, and Bob's first part of his time tags
/// keeps it too (he encoded the whole series before sending until the parts were streamed; the allowance costs
/// nothing when the part comes at once). The aligner takes 0.13 to 0.17 µs per round in its benchmark and took 0.14 to 0.46 µs in a demo
/// with blocks of 113 million rounds (two stations and two emulated boards sharing two cores); Bob's encoding took
/// 0.1 µs per round there. With the fixed 30 s, Bob gave up on three blocks in a row while Alice was still aligning
/// them (16 to 52 s), so each was lost and the session restarted.
/// </summary>
internal static class PeerWaits
{
    /// <summary>Allowance per round of the block: 2 µs, four times the slowest per-round time measured.</summary>
    public static readonly TimeSpan PerRound = TimeSpan.FromTicks(20);

    /// <summary>
    /// The wait for a reply that comes only after the peer has worked through all <paramref name="blockRounds"/> rounds:
    /// the receive timeout plus <see cref="PerRound"/> per round (an infinite timeout stays infinite).
    /// </summary>
    public static TimeSpan ForBlockWork(TimeSpan receiveTimeout, long blockRounds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(blockRounds);
        if (receiveTimeout == Timeout.InfiniteTimeSpan)
            return receiveTimeout;
        return receiveTimeout + TimeSpan.FromTicks(checked(blockRounds * PerRound.Ticks));
    }
}
