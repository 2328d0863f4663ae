using QkdEdge.Peer.Authentication;
using QkdEdge.Peer.Messages;
using QkdEdge.Peer.Session;

namespace QkdEdge.Station.Peer;

/// <summary>
/// The station's calls on the peer session: each receive is bounded by a timeout of the caller's choosing
/// (the session itself waits for ever, since the gap between blocks is as long as a block takes to
/// collect), and every way the session can fail becomes a <see cref="PeerLostException"/>, except
/// tampering, which stays a <see cref="PeerSessionBrokenException"/> for the engine's channel to report.
/// </summary>
internal sealed class PeerMessages
{
    private readonly PeerSession _session;

    public PeerMessages(PeerSession session) => _session = session;

    public PeerSession Session => _session;

    public async Task SendAsync(PeerMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await _session.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (PeerSessionBrokenException ex) when (!IsTampering(ex.Reason))
        {
            throw new PeerLostException($"peer session lost: {ex.Detail}", Retryable(ex.Reason), ex);
        }
        catch (AuthenticationKeyExhaustedException ex)
        {
            throw new PeerLostException($"the authentication key pool is exhausted: {ex.Message}", retryable: false, ex);
        }
    }

    /// <summary>The next message within <paramref name="timeout"/> (infinite: no limit).</summary>
    public async Task<PeerMessage> ReceiveAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout != Timeout.InfiniteTimeSpan)
            limit.CancelAfter(timeout);
        PeerMessage message;
        try
        {
            message = await _session.ReceiveAsync(limit.Token).ConfigureAwait(false);
        }
        catch (PeerSessionBrokenException ex) when (!IsTampering(ex.Reason))
        {
            if (cancellationToken.IsCancellationRequested)
                throw new OperationCanceledException("The station is stopping.", ex, cancellationToken);
            string detail = ex.Reason == PeerBreakReason.Cancelled ? $"no message from the peer within {timeout.TotalSeconds:0.#} s" : ex.Detail;
            throw new PeerLostException($"peer session lost: {detail}", Retryable(ex.Reason), ex);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PeerLostException($"no message from the peer within {timeout.TotalSeconds:0.#} s");
        }

        if (message is ByeMessage bye)
            throw new PeerLostException($"the peer closed the session: {bye.Detail}");
        return message;
    }

    public static bool IsTampering(PeerBreakReason reason) => reason is PeerBreakReason.AuthenticationFailed or PeerBreakReason.Replayed
        or PeerBreakReason.OutOfOrder or PeerBreakReason.KeyPositionMismatch or PeerBreakReason.DirectionMismatch
        or PeerBreakReason.Malformed or PeerBreakReason.FrameTooLarge or PeerBreakReason.UnexpectedMessage;

    private static bool Retryable(PeerBreakReason reason) => reason is not (PeerBreakReason.VersionMismatch or PeerBreakReason.HandshakeFailed or PeerBreakReason.KeyPoolExhausted);
}
