namespace QkdEdge.KeyStore;

/// <summary>
/// Everything needed to audit where a key came from: which rounds, what the devices showed, what the
/// security analysis assumed, and which firmware produced the rounds. Stored beside every key.
/// </summary>
public sealed record KeyProvenance
{
    public required string BlockId { get; init; }
    public required long FirstRound { get; init; }
    public required long Rounds { get; init; }
    public required long TestRounds { get; init; }
    public required long KeyRounds { get; init; }
    /// <summary>Observed CHSH value S and its confidence interval (lower, upper) at the stated confidence.</summary>
    public required double Chsh { get; init; }
    public required double ChshLower { get; init; }
    public required double ChshUpper { get; init; }
    public required double ErrorRate { get; init; }
    public required long LeakedBits { get; init; }
    public required double EpsSound { get; init; }
    public required double EpsEc { get; init; }
    public required double EpsPa { get; init; }
    public required double Gamma { get; init; }
    public required long FinalLength { get; init; }
    /// <summary>Hash of the archive segment chain head covering the block's rounds (hex).</summary>
    public required string ArchiveHash { get; init; }
    public required string AliceFirmware { get; init; }
    public required string BobFirmware { get; init; }
    public required string Protocol { get; init; }
    public required string ProtocolVersion { get; init; }
    /// <summary>The <see cref="Parameters"/> entry with the block's reconciliation efficiency f (absent where Q was 0).</summary>
    public const string ReconciliationEfficiencyParameter = "reconciliationEfficiency";

    /// <summary>Any further security parameters the analysis used, and what error correction cost, by name.</summary>
    public IReadOnlyDictionary<string, double> Parameters { get; init; } = new Dictionary<string, double>();
}
