namespace QkdEdge.KeyStore.Delivery;

/// <summary>
/// The metadata a station keeps for every key it delivered, after the key bits are erased: enough
/// to audit who received which bits of which block, and to refuse a second delivery of them.
/// </summary>
public sealed record DeliveredRange(
    string BlockId, int BitOffset, int BitLength, string KeyId, DeliveryRole Role,
    string MasterSaeId, string SlaveSaeId, DateTimeOffset DeliveredAt);
