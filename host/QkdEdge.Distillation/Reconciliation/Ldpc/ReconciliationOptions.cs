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
    /// The default starts at the typical efficiency and steps by 2 % of it where most frames decode (a finer step
    /// wastes fewer disclosed bits per frame), then widens so that the last attempt still reaches 1.25 times it:
    /// nine attempts. Inside the exchange few frames decode below the typical efficiency (it is measured where the
    /// frames leave 15 % shortened), so the earlier 0.96 and 0.98 steps mostly cost two failed decodes per frame:
    /// dropping them raised throughput by a quarter to nearly double with f unchanged within 0.005.
    /// </summary>
    public IReadOnlyList<double> AttemptScales { get; init; } = [1.00, 1.02, 1.04, 1.06, 1.08, 1.10, 1.13, 1.17, 1.25];

    /// <summary>Decoder settings for every code; null uses the settings each code of the family was tuned with.</summary>
    public MinSumOptions? Decoder { get; init; }

    /// <summary>
    /// Memory Bob may spend keeping decoder states of undecoded frames between attempts (about 0.45 MB per frame of
    /// 65,536 bits) so that a frame resumes where it stopped after a reveal; frames beyond it restart from scratch.
    /// The default, 0, restarts every attempt from scratch: with box-plus decoding, resumed frames at Q = 1 to 3 %
    /// sometimes stayed stuck where they stopped until the last attempt (which starts cold), costing up to 0.03 in f
    /// and one or two round trips, while cold restarts cost no more CPU time in the same runs.
    /// </summary>
    public long WarmStartMemoryBytes { get; init; }

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
