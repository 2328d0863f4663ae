namespace QkdEdge.Station;

/// <summary>The station cannot start: its data directory or key material is unusable. The message says what to fix.</summary>
public sealed class StationStartException(string message, Exception? inner = null) : Exception(message, inner);
