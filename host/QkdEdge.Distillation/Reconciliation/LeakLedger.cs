namespace QkdEdge.Distillation.Reconciliation;

/// <summary>
/// The exact count of bits disclosed during error correction, by kind, and of round trips. Protocol code charges
/// a message's bits when it builds the message, so the ledger is the sum of what was actually sent.
/// </summary>
public sealed class LeakLedger
{
    private readonly long[] _bits = new long[Enum.GetValues<DisclosureKind>().Length];

    /// <summary>Round trips (an Alice message and Bob's answer) the exchange took.</summary>
    public int RoundTrips { get; private set; }

    /// <summary>Every disclosed bit of every kind: the leak_EC the key length must subtract.</summary>
    public long TotalBits => _bits.Sum();

    /// <summary>What Alice disclosed (syndromes, extra syndrome bits, parities, tag): the one-way convention of the literature.</summary>
    public long AliceBits => TotalBits - Bits(DisclosureKind.Reply);

    public long Bits(DisclosureKind kind) => _bits[(int)kind];

    public void Charge(DisclosureKind kind, long bits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bits);
        _bits[(int)kind] += bits;
    }

    public void CountRoundTrip() => RoundTrips++;

    /// <summary>Adds another ledger (for example one frame's) into this one; round trips add only when <paramref name="sequential"/>.</summary>
    public void Add(LeakLedger other, bool sequential)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (int i = 0; i < _bits.Length; i++)
        {
            _bits[i] += other._bits[i];
        }

        RoundTrips = sequential ? RoundTrips + other.RoundTrips : Math.Max(RoundTrips, other.RoundTrips);
    }

    /// <summary>Reconciliation efficiency f = leaked bits / (n h(Q)).</summary>
    public static double Efficiency(long leakedBits, long keyBits, double errorRate)
    {
        double entropy = BinaryEntropy.Of(errorRate);
        return entropy <= 0 ? double.PositiveInfinity : leakedBits / (keyBits * entropy);
    }
}
