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
    /// The schedule for keys that reconcile in 262,144-bit frames (<see cref="StandardLdpcCodes.LongFrameMinimumKeyBits"/>
    /// and longer): the default's steps, ending at 1.13 instead of 1.25 times the typical efficiency. The last attempt
    /// sizes the frame (key bits = syndrome / (last f h(Q))), so a nearer end leaves more of each frame for key and less
    /// shortened: at Q = 1 % 10 % of the frame instead of 18 %. Density evolution puts a price on shortening (the 24-row
    /// code's floor at 1 % falls from 1.137 to 1.127 when shortening drops from 15 % to 9 %); on the same 2^22- and
    /// 2^23-bit keys f fell by 0.003 to 0.021 at 1, 1.5, 3, 4, 5, 6.5, 7 and 8 % and stayed within 0.007 either way
    /// at 2 and 2.5 % (docs/distillation.md). Long frames can afford the nearer end because their success points
    /// scatter less: of 716 long frames in those runs one needed 1.10 and none more, while 65,536-bit frames at Q = 2 %
    /// reached 1.13, so they keep the default's reserve.
    /// </summary>
    public static ReconciliationOptions LongFrames { get; } = new() { AttemptScales = [1.00, 1.02, 1.04, 1.06, 1.08, 1.10, 1.13] };

    /// <summary>
    /// The schedule for a key of <paramref name="keyBits"/> at <paramref name="estimatedErrorRate"/> in
    /// <see cref="StandardLdpcCodes.ForKey"/>'s family: <see cref="LongFrames"/> for long keys when the planner picks the
    /// same code with it as with <see cref="Default"/>, or a code of strictly better rank
    /// (<see cref="LdpcCodeProfile.PlanningRank"/>); the default otherwise.
    /// The nearer end sometimes moves the planner to another code, because the last attempt no longer fits the frame
    /// of the code it would choose: at 6 % it took the 84-row code past its threshold instead of the 100-row code (f
    /// 1.122 against 1.098), and below 0.91 % no code fits at all (the default plans down to 0.82 %). Where it moves
    /// the planner to a code of better rank, the nearer end is kept: at 1.2 to 1.4 % the 24-row code instead of the
    /// 32-row one (f 1.176 / 1.165 / 1.154 -> 1.141 / 1.137 / 1.139 on 2^22-bit keys). Equal ranks keep the default:
    /// at 3.5 to 3.7 % the nearer end would trade the 70-row code for the 56-row one, 17 to 21 % shortened, which
    /// lost a frame on one of six keys.
    /// </summary>
    public static ReconciliationOptions ForKey(long keyBits, double estimatedErrorRate)
    {
        if (keyBits < StandardLdpcCodes.LongFrameMinimumKeyBits)
        {
            return Default;
        }

        var family = StandardLdpcCodes.LongFrameFamily;
        int? nearer = ReconciliationPlanner.CodeFor(family, estimatedErrorRate, LongFrames);
        int? further = ReconciliationPlanner.CodeFor(family, estimatedErrorRate, Default);
        if (nearer is not { } nearerCode || further is not { } furtherCode)
        {
            return nearer is null ? Default : LongFrames;
        }

        return nearerCode == furtherCode || family.Profiles[nearerCode].PlanningRank < family.Profiles[furtherCode].PlanningRank ? LongFrames : Default;
    }

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
