namespace QkdEdge.Distillation.Reconciliation.Cascade;

/// <summary>Bob's corrected key and what the exchange disclosed. Cascade cannot tell whether errors remain: verify.</summary>
public sealed record CascadeResult(ulong[] CorrectedKey, long KeyBits, LeakLedger Leak, int CorrectedBits);
