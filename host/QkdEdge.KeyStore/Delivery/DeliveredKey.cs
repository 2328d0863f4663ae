namespace QkdEdge.KeyStore.Delivery;

/// <summary>A key handed out by the ledger: its ID, its bytes, and where they came from.</summary>
public sealed record DeliveredKey(string KeyId, byte[] Key, string BlockId, KeyLocation Location);
