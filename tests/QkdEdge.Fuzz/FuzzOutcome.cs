namespace QkdEdge.Fuzz;

/// <summary>
/// What a target made of one input, in the target's documented terms: <see cref="Accepted"/> when
/// every unit of the input (frame, message, request) was valid, and <see cref="Result"/> naming the
/// documented results seen (reason codes, exception kinds, HTTP statuses), for triage and tests.
/// </summary>
public sealed record FuzzOutcome(bool Accepted, string Result)
{
    public override string ToString() => $"{(Accepted ? "accepted" : "rejected")}: {Result}";
}
