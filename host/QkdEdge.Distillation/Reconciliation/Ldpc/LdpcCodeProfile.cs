namespace QkdEdge.Distillation.Reconciliation.Ldpc;

/// <summary>
/// One mother code of a family: its construction spec, the decoder settings it was tuned with, and its typical
/// efficiency f (leak / (key bits h(Q)) at which about half the frames decode inside the rate-adaptive exchange).
/// The exchange's attempt schedule is expressed as multiples of the typical efficiency, so every code starts
/// near the point where its own frames begin to decode.
/// </summary>
public sealed record LdpcCodeProfile(QcCodeSpec Spec, MinSumOptions Decoder, double TypicalEfficiency);
