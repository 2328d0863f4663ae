namespace QkdEdge.KeyStore.Delivery;

/// <summary>Outcome of a ledger request; anything but <see cref="Delivered"/> delivers nothing.</summary>
public enum TakeStatus
{
    Delivered = 0,
    /// <summary>The link's committed, undelivered key is too short for the request.</summary>
    InsufficientKey = 1,
    /// <summary>A key ID names no committed block, lies outside its block, or was already delivered.</summary>
    KeyNotFound = 2,
    /// <summary>A key ID names bits that belong to another SAE link.</summary>
    OtherLink = 3,
}
