using QkdEdge.Protocol.Reconciliation;

namespace QkdEdge.Station.Planning;

/// <summary>
/// Measures how much a reconciliation scheme discloses at an error rate, by running it on simulated raw keys:
/// Bob's copy is Alice's with each bit flipped independently with that probability. The result is the
/// efficiency f in the planner's leak model (leak = f n h(Q), with h taken at max(Q, 1e-9) as the engine's
/// planner does), so a code that needs more than the Shannon limit, or a fixed minimum syndrome, is planned
/// for as it will behave. The engine still charges each block's actual disclosure; this only keeps the plan
/// honest. Deterministic for a seed, so both stations derive the same plan.
/// </summary>
public static class ReconciliationCalibration
{
    /// <summary>
    /// Raw key bits simulated: 2^19, about fifty frames of the default code ladder, enough for the share of
    /// frames that need a second code to show, and a fraction of a second of decoding.
    /// </summary>
    public const long SimulatedBits = 1L << 19;

    /// <summary>
    /// Simulated keys <see cref="MeanDisclosedFraction"/> averages by default. One key of 2^19 bits holds about nine
    /// LDPC frames, and its f scatters by several hundredths from key to key (the engine's 16-row code at Q = 0.5 %:
    /// 1.33 on seed 1, about 1.24 over twelve other keys), so a plan drawn from one key is as lucky as that key; four
    /// keys halve the scatter for about a second more at start-up.
    /// </summary>
    public const int SimulatedKeys = 4;

    /// <summary>Disclosed bits per raw key bit at <paramref name="errorRate"/>, averaged over the keys of seeds 1 to <paramref name="keys"/>.</summary>
    public static double MeanDisclosedFraction(IKeyReconciliation reconciliation, double errorRate, int keys = SimulatedKeys)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keys);
        double sum = 0;
        for (int seed = 1; seed <= keys; seed++)
            sum += DisclosedFraction(reconciliation, errorRate, (ulong)seed);
        return sum / keys;
    }

    /// <summary>Disclosed bits per raw key bit at <paramref name="errorRate"/>, on the one key of <paramref name="seed"/>.</summary>
    public static double DisclosedFraction(IKeyReconciliation reconciliation, double errorRate, ulong seed = 1)
    {
        ArgumentNullException.ThrowIfNull(reconciliation);
        if (!(errorRate >= 0 && errorRate < 0.5))
            throw new ArgumentOutOfRangeException(nameof(errorRate), errorRate, "An error rate in [0, 0.5).");
        var random = new Random(unchecked((int)seed ^ (int)(seed >> 32)));
        int words = (int)(SimulatedBits / 64);
        var alice = new ulong[words];
        var bob = new ulong[words];
        for (int w = 0; w < words; w++)
        {
            alice[w] = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63);
            ulong flips = 0;
            for (int b = 0; b < 64; b++)
            {
                if (random.NextDouble() < errorRate)
                    flips |= 1UL << b;
            }

            bob[w] = alice[w] ^ flips;
        }

        var aliceSide = reconciliation.ForAlice(alice, SimulatedBits, errorRate);
        var bobSide = reconciliation.ForBob(bob, SimulatedBits, errorRate);
        byte[]? message = aliceSide.Start();
        for (int trip = 0; message is not null && trip < reconciliation.MaxRoundTrips; trip++)
            message = aliceSide.OnReply(bobSide.OnMessage(message));
        return (double)aliceSide.DisclosedBits / SimulatedBits;
    }

    /// <summary>The efficiency f that reproduces <paramref name="fraction"/> in the planner's leak model at <paramref name="errorRate"/>.</summary>
    public static double Efficiency(double fraction, double errorRate)
    {
        double p = Math.Max(errorRate, 1e-9);
        double h = (-p * Math.Log2(p)) - ((1 - p) * Math.Log2(1 - p));
        return fraction / h;
    }
}
