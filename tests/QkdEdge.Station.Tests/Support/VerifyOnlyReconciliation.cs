using QkdEdge.Protocol.Reconciliation;

namespace QkdEdge.Station.Tests.Support;

/// <summary>
/// Reconciliation for links without errors (the emulator at visibility 1 with ideal detectors): Alice
/// discloses nothing and Bob keeps his raw key, so the engine's verification hash alone decides. Should the
/// keys differ after all, verification fails and the block aborts; a wrong key is never committed. It keeps
/// the station tests independent of an error-correcting code.
/// </summary>
internal sealed class VerifyOnlyReconciliation : IKeyReconciliation
{
    public int MaxRoundTrips => 1;

    public IAliceReconciler ForAlice(ulong[] rawKey, long bits, double errorRate) => new Alice(rawKey, bits);

    public IBobReconciler ForBob(ulong[] rawKey, long bits, double errorRate) => new Bob(rawKey, bits);

    private sealed class Alice(ulong[] key, long bits) : IAliceReconciler
    {
        public long DisclosedBits => 0;

        public (ulong[] Key, long Bits) ReconciledKey() => (key, bits);

        public byte[] Start() => [];

        public byte[]? OnReply(ReadOnlySpan<byte> reply) =>
            reply.Length == 1 && reply[0] == 1 ? null : throw new InvalidOperationException("Bob's reply to an empty syndrome must be 'done'.");
    }

    private sealed class Bob(ulong[] key, long bits) : IBobReconciler, IDisclosureCounter
    {
        public bool Done { get; private set; }

        public (ulong[] Key, long Bits) ReconciledKey() => (key, bits);

        public long DisclosedBits => 0;

        public byte[] OnMessage(ReadOnlySpan<byte> message)
        {
            if (!message.IsEmpty)
                throw new InvalidOperationException("Alice discloses nothing in this scheme.");
            Done = true;
            return [1];
        }
    }
}
