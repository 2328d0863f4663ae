using QkdEdge.Distillation.Bits;

namespace QkdEdge.Distillation.Reconciliation.Ldpc;

/// <summary>
/// Plain sum-product (belief propagation) decoding of a syndrome in double precision with a flooding schedule
/// and the tanh rule, written for clarity, not speed. It is the reference the fast decoder is tested against.
/// </summary>
public sealed class SumProductDecoder
{
    // atanh of values this close to 1 stays finite (about 19), which keeps shortened bits from producing infinities.
    private const double TanhLimit = 1.0 - 1e-15;
    private readonly int[][] _checks;
    private readonly int _bits;

    public SumProductDecoder(QcLdpcCode code)
    {
        ArgumentNullException.ThrowIfNull(code);
        _checks = code.ExpandChecks();
        _bits = code.BlockLength;
    }

    /// <summary>
    /// <paramref name="channelLlr"/>: log(P(bit = 0) / P(bit = 1)) per bit; <paramref name="syndrome"/>: packed
    /// syndrome bits. Stops as soon as the hard decisions satisfy the syndrome.
    /// </summary>
    public DecodeOutcome Decode(ReadOnlySpan<double> channelLlr, ReadOnlySpan<ulong> syndrome, Span<ulong> decoded, int maxIterations)
    {
        if (channelLlr.Length < _bits)
        {
            throw new ArgumentException("One log-likelihood ratio per bit is required.", nameof(channelLlr));
        }

        // Messages indexed by (check, position in check).
        var toBit = new double[_checks.Length][];
        var toCheck = new double[_checks.Length][];
        for (int c = 0; c < _checks.Length; c++)
        {
            toBit[c] = new double[_checks[c].Length];
            toCheck[c] = new double[_checks[c].Length];
            for (int k = 0; k < _checks[c].Length; k++)
            {
                toCheck[c][k] = channelLlr[_checks[c][k]];
            }
        }

        var posterior = new double[_bits];
        int iteration = 0;
        int unsatisfied = CountUnsatisfied(channelLlr.ToArray(), syndrome);
        while (unsatisfied != 0 && iteration < maxIterations)
        {
            iteration++;
            for (int c = 0; c < _checks.Length; c++)
            {
                double sign = PackedBits.Get(syndrome, c) ? -1.0 : 1.0;
                var incoming = toCheck[c];
                for (int k = 0; k < incoming.Length; k++)
                {
                    double product = sign;
                    for (int j = 0; j < incoming.Length; j++)
                    {
                        if (j != k)
                        {
                            product *= Math.Tanh(incoming[j] / 2.0);
                        }
                    }

                    toBit[c][k] = 2.0 * Math.Atanh(Math.Clamp(product, -TanhLimit, TanhLimit));
                }
            }

            channelLlr.CopyTo(posterior);
            for (int c = 0; c < _checks.Length; c++)
            {
                for (int k = 0; k < _checks[c].Length; k++)
                {
                    posterior[_checks[c][k]] += toBit[c][k];
                }
            }

            for (int c = 0; c < _checks.Length; c++)
            {
                for (int k = 0; k < _checks[c].Length; k++)
                {
                    toCheck[c][k] = posterior[_checks[c][k]] - toBit[c][k];
                }
            }

            unsatisfied = CountUnsatisfied(posterior, syndrome);
        }

        if (iteration == 0)
        {
            channelLlr.CopyTo(posterior);
        }

        decoded[..PackedBits.WordCount(_bits)].Clear();
        for (int v = 0; v < _bits; v++)
        {
            if (posterior[v] < 0)
            {
                PackedBits.Set(decoded, v, true);
            }
        }

        return new DecodeOutcome(unsatisfied == 0, iteration, unsatisfied);
    }

    private int CountUnsatisfied(double[] posterior, ReadOnlySpan<ulong> syndrome)
    {
        int unsatisfied = 0;
        for (int c = 0; c < _checks.Length; c++)
        {
            int parity = PackedBits.GetBit(syndrome, c);
            foreach (int v in _checks[c])
            {
                parity ^= posterior[v] < 0 ? 1 : 0;
            }

            unsatisfied += parity;
        }

        return unsatisfied;
    }
}
