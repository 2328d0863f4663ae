using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Measurement;
using QkdEdge.Protocol.Reconciliation;

namespace QkdEdge.Protocol.Tests.Reconciliation;

/// <summary>
/// Runs Alice's and Bob's reconcilers against each other as the engine does (Alice's message, Bob's reply,
/// until Alice has nothing more to send), keeping every payload so tests can inspect what crossed the channel.
/// </summary>
internal sealed class ReconciliationExchange
{
    private ReconciliationExchange(IAliceReconciler alice, IBobReconciler bob)
    {
        Alice = alice;
        Bob = bob;
    }

    public IAliceReconciler Alice { get; }

    public IBobReconciler Bob { get; }

    public List<byte[]> AliceMessages { get; } = [];

    public List<byte[]> BobReplies { get; } = [];

    public static ReconciliationExchange Run(IKeyReconciliation scheme, ulong[] aliceKey, ulong[] bobKey, long bits, double errorRate)
    {
        var exchange = new ReconciliationExchange(scheme.ForAlice(aliceKey, bits, errorRate), scheme.ForBob(bobKey, bits, errorRate));
        byte[]? message = exchange.Alice.Start();
        for (int trip = 1; message is not null; trip++)
        {
            Assert.True(trip <= scheme.MaxRoundTrips, $"more than {scheme.MaxRoundTrips} round trips");
            exchange.AliceMessages.Add(message);
            var reply = exchange.Bob.OnMessage(message);
            exchange.BobReplies.Add(reply);
            message = exchange.Alice.OnReply(reply);
        }

        return exchange;
    }

    /// <summary>A uniformly random key and Bob's copy through a binary symmetric channel with crossover <paramref name="errorRate"/>.</summary>
    public static (ulong[] Alice, ulong[] Bob) Keys(long bits, double errorRate, ulong seed) =>
        CorrelatedKeys.Draw(bits, errorRate, seed);
}
