namespace QkdEdge.Fuzz;

/// <summary>
/// A target broke its contract without throwing on its own: two decoders disagree, a result is out
/// of its documented range, a loop did not shrink its input, or a call allocated beyond its bound.
/// Escaping the fuzz action, it is reported to the fuzzer as a crash like any unexpected exception.
/// </summary>
public sealed class ContractViolationException(string message) : Exception(message);
