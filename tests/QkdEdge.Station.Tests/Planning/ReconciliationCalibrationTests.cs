using System.Numerics;
using QkdEdge.Protocol.Reconciliation;
using QkdEdge.Station.Planning;

namespace QkdEdge.Station.Tests.Planning;

public sealed class ReconciliationCalibrationTests
{
    private const double ErrorRate = 0.005;

    [Fact]
    public void MeanDisclosedFraction_OverSeveralKeys_IsTheAverageOfTheKeysOfSeedsOneToN()
    {
        // A scheme whose disclosure depends on the simulated key (its first word's weight), standing in for a code
        // whose frames need more or fewer attempts from key to key: the mean must be that of seeds 1 to N.
        var scheme = new KeyDependentDisclosure();
        double[] single = [.. Enumerable.Range(1, 4).Select(seed => ReconciliationCalibration.DisclosedFraction(scheme, ErrorRate, (ulong)seed))];

        Assert.True(single.Distinct().Count() > 1, "the stand-in disclosed the same on every key: the test would not see a wrong seed");
        Assert.Equal(single.Average(), ReconciliationCalibration.MeanDisclosedFraction(scheme, ErrorRate, keys: 4), 12);
        Assert.Equal(single[0], ReconciliationCalibration.MeanDisclosedFraction(scheme, ErrorRate, keys: 1), 12);
    }

    [Fact]
    public void MeanDisclosedFraction_WithNoKeys_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReconciliationCalibration.MeanDisclosedFraction(new KeyDependentDisclosure(), ErrorRate, keys: 0));
    }

    private sealed class KeyDependentDisclosure : IKeyReconciliation
    {
        public int MaxRoundTrips => 1;

        public IAliceReconciler ForAlice(ulong[] rawKey, long bits, double errorRate) => new Alice(rawKey, bits);

        public IBobReconciler ForBob(ulong[] rawKey, long bits, double errorRate) => new Bob(rawKey, bits);

        private sealed class Alice(ulong[] key, long bits) : IAliceReconciler
        {
            public long DisclosedBits { get; private set; }

            public byte[] Start()
            {
                DisclosedBits = 1000 + BitOperations.PopCount(key[0]);
                return [1];
            }

            public byte[]? OnReply(ReadOnlySpan<byte> reply) => null;

            public (ulong[] Key, long Bits) ReconciledKey() => (key, bits);
        }

        private sealed class Bob(ulong[] key, long bits) : IBobReconciler
        {
            public bool Done { get; private set; }

            public byte[] OnMessage(ReadOnlySpan<byte> message)
            {
                Done = true;
                return [];
            }

            public (ulong[] Key, long Bits) ReconciledKey() => (key, bits);
        }
    }
}
