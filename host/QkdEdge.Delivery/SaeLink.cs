namespace QkdEdge.Delivery;

/// <summary>
/// A pair of applications that share keys: the master SAE asks its KME for new keys (enc_keys), the
/// slave SAE asks the other station's KME for the same keys by ID (dec_keys). Both stations
/// configure the same list of links.
/// </summary>
public sealed record SaeLink
{
    public SaeLink(string masterSaeId, string slaveSaeId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(masterSaeId);
        ArgumentException.ThrowIfNullOrWhiteSpace(slaveSaeId);
        if (masterSaeId == slaveSaeId)
            throw new ArgumentException("A link joins two different SAEs.", nameof(slaveSaeId));
        MasterSaeId = masterSaeId;
        SlaveSaeId = slaveSaeId;
    }

    public string MasterSaeId { get; }
    public string SlaveSaeId { get; }

    /// <summary>The link's name in the block assignment; both stations must derive the same.</summary>
    public string Name => $"{MasterSaeId}\n{SlaveSaeId}";
}
