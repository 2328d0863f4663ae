namespace QkdEdge.Distillation.Sifting;

/// <summary>The counts of a block (or chunk) and how many raw key bits were written.</summary>
public readonly record struct SiftResult(SiftCounts Counts, long KeyBitsWritten);
