namespace QkdEdge.Distillation.Reconciliation;

/// <summary>What a disclosed bit was. Every bit either party sends during error correction has a kind.</summary>
public enum DisclosureKind
{
    /// <summary>Syndrome bits Alice sends in the first message of a frame.</summary>
    Syndrome,

    /// <summary>Further syndrome bits Alice sends when Bob asks for more (rate-adaptive retries).</summary>
    ExtraSyndrome,

    /// <summary>Block parities Alice discloses (Cascade).</summary>
    Parity,

    /// <summary>The verification hash tag.</summary>
    VerificationTag,

    /// <summary>
    /// Bits Bob sends back (decoded / not decoded per frame; in Cascade, which blocks and halves to search).
    /// They depend on Bob's string, which is correlated with Alice's, so they are charged too.
    /// </summary>
    Reply,
}
