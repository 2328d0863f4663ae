namespace QkdEdge.KeyStore.Delivery;

/// <summary>
/// How much key an SAE link can still draw at this station. <see cref="StoredKeyCount"/> counts whole
/// keys of the asked size that fit after the last delivered range of each block (keys never straddle
/// blocks); <see cref="UndeliveredBits"/> counts every committed bit not yet delivered.
/// </summary>
public readonly record struct LinkLevel(long StoredKeyCount, long UndeliveredBits, int Blocks);
