namespace QkdEdge.Distillation.Reconciliation.Ldpc;

/// <summary>
/// What a decoder run ended with. <see cref="Converged"/> means the hard decisions satisfy every parity check
/// of the syndrome; it does not prove the word is the sender's (the verification hash does that).
/// </summary>
public readonly record struct DecodeOutcome(bool Converged, int Iterations, int UnsatisfiedChecks);
