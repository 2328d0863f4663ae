namespace QkdEdge.Protocol.Reconciliation;

/// <summary>
/// One-way error correction as a message exchange: Alice sends syndrome information, Bob answers whether
/// he decoded or needs more (rate-adaptive codes reveal further bits only when asked). Every bit Alice
/// discloses is counted in <see cref="IAliceReconciler.DisclosedBits"/> and charged against the key.
/// </summary>
public interface IKeyReconciliation
{
    /// <summary>Largest number of Alice-to-Bob messages before Alice gives up (bounds the round trips).</summary>
    int MaxRoundTrips { get; }

    IAliceReconciler ForAlice(ulong[] rawKey, long bits, double errorRate);

    IBobReconciler ForBob(ulong[] rawKey, long bits, double errorRate);
}

public interface IAliceReconciler
{
    /// <summary>Alice's first message (syndromes of every frame).</summary>
    byte[] Start();

    /// <summary>Handles Bob's reply; returns the next message, or null when Bob reported success.</summary>
    byte[]? OnReply(ReadOnlySpan<byte> reply);

    /// <summary>Every bit disclosed so far (syndromes, revealed punctured bits, anything else).</summary>
    long DisclosedBits { get; }

    /// <summary>Alice's reconciled key once Bob reported success: her raw key, less any frames both sides dropped.</summary>
    (ulong[] Key, long Bits) ReconciledKey();
}

public interface IBobReconciler
{
    /// <summary>Handles one message from Alice and returns the reply to send.</summary>
    byte[] OnMessage(ReadOnlySpan<byte> message);

    /// <summary>True once every frame decoded (Bob's reply said so).</summary>
    bool Done { get; }

    /// <summary>Bob's corrected key, less any frames both sides dropped; valid once <see cref="Done"/>.</summary>
    (ulong[] Key, long Bits) ReconciledKey();
}

/// <summary>
/// Implemented by Bob's reconciler: the number of bits Alice disclosed, counted by Bob from the messages
/// he received, so both stations charge the same leak without trusting each other's claim.
/// </summary>
public interface IDisclosureCounter
{
    long DisclosedBits { get; }
}
