using QkdEdge.Station.Planning;

namespace QkdEdge.Cli.Commands.Demo;

/// <summary>One key both stations committed.</summary>
/// <param name="BlockId">The key's block id in both key stores.</param>
/// <param name="AliceSha256">SHA-256 of the key in Alice's store.</param>
/// <param name="BobSha256">SHA-256 of the key in Bob's store.</param>
/// <param name="Bits">Key length.</param>
/// <param name="Chsh">Observed CHSH value of the block.</param>
/// <param name="Qber">Observed error rate on the block's tested key rounds.</param>
/// <param name="ReconciliationEfficiency">What error correction disclosed against n h(Q), from the key's provenance; NaN where it has none.</param>
/// <param name="Seconds">From the demo's start to the key committed at both stations.</param>
/// <param name="DeliveredBits">Bits of the key both SAEs received over ETSI GS QKD 014, equal at both; 0 when it was not delivered.</param>
internal sealed record DemoKey(string BlockId, string AliceSha256, string BobSha256, int Bits, double Chsh, double Qber, double ReconciliationEfficiency, double Seconds, long DeliveredBits = 0)
{
    public bool Delivered => DeliveredBits > 0;
}

/// <summary>How the keys went to the two SAEs (ETSI GS QKD 014 on loopback).</summary>
/// <param name="Alice">Alice's KME, where the master SAE called enc_keys.</param>
/// <param name="Bob">Bob's KME, where the slave SAE called dec_keys.</param>
/// <param name="Matched">Every key the master received equals the slave's, key ID for key ID, and the block's key in the stores.</param>
/// <param name="Erased">Both stores hold zeros where the delivered keys were.</param>
/// <param name="ReplayRefused">Redeeming the same key IDs a second time was refused.</param>
/// <param name="Failure">What went wrong, if anything.</param>
internal sealed record DemoDeliveryReport(
    Uri Alice,
    Uri Bob,
    string MasterSae,
    string SlaveSae,
    int KeysDelivered,
    long BitsDelivered,
    bool Matched,
    bool Erased,
    bool ReplayRefused,
    string? Failure)
{
    public bool Succeeded => Failure is null && Matched && Erased && ReplayRefused;
}

/// <summary>How a demo run ended.</summary>
internal sealed record DemoResult(
    IReadOnlyList<DemoKey> Keys,
    int KeysRequested,
    BlockPlan Plan,
    double ExpectedChsh,
    double ExpectedErrorRate,
    DemoSettings Settings,
    long AliceRounds,
    long BobRounds,
    long Aborts,
    double ElapsedSeconds,
    string? Failure,
    DemoDeliveryReport? Delivery = null)
{
    public bool KeysAgree => Keys.Count >= KeysRequested && Keys.All(k => k.AliceSha256 == k.BobSha256);

    public bool Succeeded => Failure is null && KeysAgree && (Delivery is null || (Delivery.Succeeded && Keys.All(k => k.Delivered)));
}
