using QkdEdge.Protocol.Reconciliation;

namespace QkdEdge.Protocol.Tests.Support;

/// <summary>
/// The trivial one-way reconciliation: Alice discloses her whole raw key. It always corrects and charges
/// every raw bit as leaked, so a block reconciled this way can never yield key; it exercises the engine's
/// paths up to the finite-key length without depending on a code.
/// </summary>
internal sealed class ClearTextReconciliation : IKeyReconciliation
{
    public int MaxRoundTrips => 1;

    public IAliceReconciler ForAlice(ulong[] rawKey, long bits, double errorRate) => new Alice(rawKey, bits);

    public IBobReconciler ForBob(ulong[] rawKey, long bits, double errorRate) => new Bob(rawKey, bits);

    private sealed class Alice(ulong[] key, long bits) : IAliceReconciler
    {
        public long DisclosedBits { get; private set; }

        public (ulong[] Key, long Bits) ReconciledKey() => (key, bits);

        public byte[] Start()
        {
            DisclosedBits = bits;
            var bytes = new byte[key.Length * 8];
            Buffer.BlockCopy(key, 0, bytes, 0, bytes.Length);
            return bytes;
        }

        public byte[]? OnReply(ReadOnlySpan<byte> reply) => reply.Length == 1 && reply[0] == 1 ? null : throw new InvalidOperationException("unexpected reply");
    }

    private sealed class Bob(ulong[] key, long bits) : IBobReconciler, IDisclosureCounter
    {
        public bool Done { get; private set; }
        private ulong[] _corrected = [];

        public (ulong[] Key, long Bits) ReconciledKey() => (_corrected, bits);
        public long DisclosedBits { get; private set; }

        public byte[] OnMessage(ReadOnlySpan<byte> message)
        {
            var corrected = new ulong[key.Length];
            Buffer.BlockCopy(message.ToArray(), 0, corrected, 0, Math.Min(message.Length, corrected.Length * 8));
            _corrected = corrected;
            DisclosedBits = bits;
            Done = true;
            return [1];
        }
    }
}
