namespace QkdEdge.KeyStore.Delivery;

/// <summary>
/// The keys a ledger request delivered (all of them or none), or why it delivered none; for a request by key
/// locations, <see cref="RefusedIndex"/> is the position of the first location it refused, so the caller can name it.
/// </summary>
public sealed record TakeResult(TakeStatus Status, IReadOnlyList<DeliveredKey> Keys, int? RefusedIndex = null)
{
    public static TakeResult Refused(TakeStatus status) => new(status, []);

    public static TakeResult RefusedAt(TakeStatus status, int index) => new(status, [], index);
}
