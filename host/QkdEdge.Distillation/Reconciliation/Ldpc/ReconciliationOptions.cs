namespace QkdEdge.Distillation.Reconciliation.Ldpc;

/// <summary>
/// How the rate-adaptive exchange is run. <see cref="AttemptScales"/> lists, per attempt, the efficiency
/// f = leak / (key bits * h(Q_est)) Alice's disclosures reach after that attempt, as a multiple of the chosen
/// code's typical efficiency: the first entry sets the initial syndrome (padding punctured), every later entry
/// how many padding values to reveal when Bob asks for more; the last attempt reveals all padding. One attempt
/// is one round trip. A frame still undecoded after the last attempt is dropped from the key.
/// </summary>
public sealed record ReconciliationOptions
{
    public static ReconciliationOptions Default { get; } = new();

    /// <summary>
    /// Efficiency after each attempt as a multiple of the code's typical efficiency, increasing; at most ten attempts.
    /// The default steps by 2 % of the typical efficiency around it, where most frames decode (a finer step wastes
    /// fewer disclosed bits per frame), then widens so that the last attempt still reaches 1.25 times it.
    /// </summary>
    public IReadOnlyList<double> AttemptScales { get; init; } = [0.96, 0.98, 1.00, 1.02, 1.04, 1.06, 1.09, 1.12, 1.17, 1.25];

    /// <summary>Decoder settings for every code; null uses the settings each code of the family was tuned with.</summary>
    public MinSumOptions? Decoder { get; init; }

    /// <summary>
    /// Memory Bob may spend keeping decoder states of undecoded frames between attempts (about 0.45 MB per frame of
    /// 65,536 bits); frames beyond it restart from scratch after a reveal, which costs time, not efficiency.
    /// </summary>
    public long WarmStartMemoryBytes { get; init; } = 64L << 20;

    /// <summary>Worker threads decoding frames in parallel (1: the calling thread only).</summary>
    public int MaxDegreeOfParallelism { get; init; } = 1;

    internal void Validate()
    {
        if (AttemptScales.Count is 0 or > 10)
        {
            throw new ArgumentException("Between one and ten attempts are allowed.", nameof(AttemptScales));
        }

        for (int i = 0; i < AttemptScales.Count; i++)
        {
            if (!(AttemptScales[i] > 0) || (i > 0 && AttemptScales[i] <= AttemptScales[i - 1]))
            {
                throw new ArgumentException("Attempt scales must be positive and increasing.", nameof(AttemptScales));
            }
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxDegreeOfParallelism);
        ArgumentOutOfRangeException.ThrowIfNegative(WarmStartMemoryBytes);
        Decoder?.Validate();
    }
}
