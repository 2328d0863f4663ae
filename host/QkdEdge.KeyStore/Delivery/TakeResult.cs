namespace QkdEdge.KeyStore.Delivery;

/// <summary>The keys a ledger request delivered (all of them or none), or why it delivered none.</summary>
public sealed record TakeResult(TakeStatus Status, IReadOnlyList<DeliveredKey> Keys)
{
    public static TakeResult Refused(TakeStatus status) => new(status, []);
}
