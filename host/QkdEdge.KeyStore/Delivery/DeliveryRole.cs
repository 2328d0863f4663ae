namespace QkdEdge.KeyStore.Delivery;

/// <summary>Which side of an SAE link a station delivered a key to.</summary>
public enum DeliveryRole
{
    /// <summary>To the master SAE, which asked for new keys (ETSI GS QKD 014 "Get key", enc_keys).</summary>
    Master = 0,
    /// <summary>To the slave SAE, which asked for keys by ID (ETSI GS QKD 014 "Get key with key IDs", dec_keys).</summary>
    Slave = 1,
}
