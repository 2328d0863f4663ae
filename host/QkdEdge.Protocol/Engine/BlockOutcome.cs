using QkdEdge.Protocol.Statistics;
using QkdEdge.Security.FiniteKey;

namespace QkdEdge.Protocol.Engine;

/// <summary>
/// What a block ended with: a key committed in this station's store, or an abort naming its cause.
/// The report carries the counts and analysis terms either way (they feed status, metrics and logs).
/// </summary>
public sealed record BlockOutcome
{
    public required string BlockId { get; init; }
    public required StationRole Role { get; init; }
    public required BlockAbortCause Cause { get; init; }
    /// <summary>Human-readable detail of an abort (which numbers failed which threshold).</summary>
    public string? Detail { get; init; }
    public BellTally? Tally { get; init; }
    public AbortThresholds? Thresholds { get; init; }
    /// <summary>Observed CHSH value and its one-sided lower confidence bound.</summary>
    public double Chsh { get; init; } = double.NaN;
    public double ChshLower { get; init; } = double.NaN;
    public double ChshUpper { get; init; } = double.NaN;
    public double ErrorRate { get; init; } = double.NaN;
    /// <summary>Every bit disclosed about the raw key: syndromes, hash tags, revealed outputs.</summary>
    public long LeakedBits { get; init; }
    public KeyLengthResult? KeyLength { get; init; }
    /// <summary>The final key committed to the store (null on abort).</summary>
    public byte[]? Key { get; init; }
    public int KeyBits { get; init; }
    public string? KeySha256 { get; init; }
    public TimeSpan Elapsed { get; init; }

    /// <summary>The raw key error correction started from (bits); 0 when the block stopped before.</summary>
    public long RawKeyBits { get; init; }

    /// <summary>
    /// Bits error correction disclosed: syndromes, revealed padding, Bob's replies and the verification tag (frames it
    /// dropped are not counted here, though they are charged in <see cref="LeakedBits"/>); 0 before it ran.
    /// </summary>
    public long ErrorCorrectionBits { get; init; }

    /// <summary>
    /// f = <see cref="ErrorCorrectionBits"/> / (<see cref="RawKeyBits"/> h(Q)) with Q the block's estimated error rate:
    /// what the block's error correction cost against the Shannon limit, the figure the block plan assumes. NaN until
    /// error correction has run or when Q is 0. On small blocks the estimate of Q, from the tested key rounds, moves f
    /// by several percent.
    /// </summary>
    public double ReconciliationEfficiency => EfficiencyOf(ErrorCorrectionBits, RawKeyBits, ErrorRate);

    /// <summary><see cref="ReconciliationEfficiency"/> from its parts (also recorded in the key's provenance).</summary>
    public static double EfficiencyOf(long errorCorrectionBits, long rawKeyBits, double errorRate) =>
        rawKeyBits > 0 && errorCorrectionBits > 0 && errorRate is > 0 and < 0.5
            ? errorCorrectionBits / (rawKeyBits * Security.BinaryEntropy.Of(errorRate))
            : double.NaN;

    public bool IsKey => Cause == BlockAbortCause.None && Key is not null;
}
