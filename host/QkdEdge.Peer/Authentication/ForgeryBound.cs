namespace QkdEdge.Peer.Authentication;

/// <summary>
/// The per-message forgery bound of the channel's Wegman-Carter authentication, and what it costs in key.
/// A message of n payload bytes is hashed as 32 bytes of session context, the 32-byte header and the payload:
/// L = ceil((64 + n) / 7) chunks. Each of the t evaluation points lets a substitution through with probability
/// at most L / (2^61 - 1), independently (independent keys, independent pads), so the bound is (L/(2^61-1))^t.
/// Over a channel's life the failure probability is at most the sum of the bounds of all frames an attacker
/// injects or alters; the session ends at the first failure, so each attempt costs the attacker a session.
/// </summary>
public static class ForgeryBound
{
    public const int AuthenticatedOverheadBytes = 32 + 32; // session context + frame header

    /// <summary>log2 of the forgery probability bound for one message with <paramref name="payloadBytes"/> payload bytes.</summary>
    public static double Log2PerMessage(long payloadBytes, int evaluationPoints)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(evaluationPoints, 1);
        long chunks = PolynomialHash61.Chunks(AuthenticatedOverheadBytes + payloadBytes);
        return evaluationPoints * (Math.Log2(chunks) - Math.Log2(MersenneField61.Prime));
    }

    /// <summary>Expected one-time-pad bits per message: 61 per point (a draw of 2^61-1 is redrawn, probability 2^-61).</summary>
    public static int PadBitsPerMessage(int evaluationPoints) => MersenneField61.ElementBits * evaluationPoints;

    /// <summary>Smallest t that keeps every message up to <paramref name="maxPayloadBytes"/> below 2^<paramref name="log2Target"/>.</summary>
    public static int PointsFor(long maxPayloadBytes, double log2Target)
    {
        for (int t = 1; t <= AuthenticationKeyPool.MaxEvaluationPoints; t++)
        {
            if (Log2PerMessage(maxPayloadBytes, t) <= log2Target)
                return t;
        }
        throw new ArgumentOutOfRangeException(nameof(log2Target), log2Target, "Target not reachable with four evaluation points.");
    }
}
