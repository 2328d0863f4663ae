namespace QkdEdge.KeyStore;

/// <summary>
/// Lifecycle of a block's key in the store. A key is staged when this station verified it and
/// committed only when the peer confirmed it verified too, so a store never holds a key the other
/// station lacks; a staged key left behind by a crash is resolved with the peer on restart.
/// </summary>
public enum KeyState
{
    Staged = 0,
    Committed = 1,
}
