namespace QkdEdge.Fuzz;

/// <summary>A seed input built from valid encodings; <see cref="Name"/> becomes its corpus file name.</summary>
public sealed record FuzzSeed(string Name, byte[] Data);
