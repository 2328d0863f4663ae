using QkdEdge.Distillation.Reconciliation.Ldpc;

namespace QkdEdge.Protocol.Reconciliation;

/// <summary>
/// The rate-adaptive LDPC exchange of the distillation library (<see cref="LdpcAlice"/>, <see cref="LdpcBob"/>,
/// <see cref="ReconciliationPlanner"/>) over the engine's message interface. Both stations plan from the raw key
/// length and the error-rate estimate the engine hands them (equal at both ends: they come from the same
/// revealed data) and cut the key into frames of nearly equal length (<see cref="EvenFramePlan"/>); the messages
/// are laid out in <see cref="RateAdaptiveWire"/>. Every bit the distillation
/// ledger charges is disclosed and counted: syndromes, revealed padding values and Bob's one bit per frame and
/// attempt. Frames that never decode are left out of both keys (the engine charges their length). The
/// exchange's own verification tag is not used: the engine verifies the reconciled key itself.
/// </summary>
public sealed class RateAdaptiveLdpcReconciliation : IKeyReconciliation
{
    private readonly LdpcCodeFamily _family;
    private readonly LdpcCodeFamily _longFrameFamily;
    private readonly long _longFrameMinimumKeyBits;
    private readonly ReconciliationOptions _options;
    private readonly double _lowestErrorRate;
    private readonly bool _standardScheduleForLongKeys;

    /// <summary>
    /// From this estimated error rate on, in long frames, the default engine takes the schedule tuned for the standard
    /// codes (<see cref="ReconciliationOptions.ForKey"/>): the engine's own high-rate codes serve below it.
    /// </summary>
    public const double StandardScheduleMinimumErrorRate = 0.01;

    /// <summary>
    /// The codes and attempt schedule of <see cref="DiQkdLdpcCodes"/>: frames of 65,536 bits, and of 262,144 bits for
    /// raw keys of at least <see cref="StandardLdpcCodes.LongFrameMinimumKeyBits"/>; Bob decodes one frame at a time.
    /// </summary>
    public RateAdaptiveLdpcReconciliation()
        : this(decodingThreads: 1)
    {
    }

    /// <summary>
    /// The codes and schedule of the parameterless constructor, with Bob decoding up to <paramref name="decodingThreads"/>
    /// frames at once. Each frame decodes alone from the same inputs, so the key, the disclosures and the round trips
    /// are the same for any number of threads; only the wall time changes.
    /// </summary>
    /// <remarks>
    /// Raw keys in long frames at an estimated error rate of 1 % or more, where the standard codes serve, take the
    /// schedule tuned for those codes (<see cref="ReconciliationOptions.ForKey"/>) rather than the engine's ten-step
    /// one. On 2^22-bit keys (two seeds each, the engine's long-frame family) it disclosed less at 1, 1.2, 2, 4.3, 5 and
    /// 8 % (f lower by 0.0005 to 0.017; means of the two seeds 1.164 -> 1.150 at 1 %, 1.101 -> 1.094 at 4.3 %), in two
    /// to four round trips instead of four to seven, at twice to three times the key bits per CPU-second. At 0.8 % it
    /// was mixed (-0.005 / +0.010) and on 2^20-bit keys (65,536-bit frames) within 0.014 either way, so those keep the
    /// engine's.
    /// </remarks>
    public RateAdaptiveLdpcReconciliation(int decodingThreads)
        : this(DiQkdLdpcCodes.Family, DiQkdLdpcCodes.LongFrameFamily, StandardLdpcCodes.LongFrameMinimumKeyBits,
            DiQkdLdpcCodes.Schedule with { MaxDegreeOfParallelism = decodingThreads })
    {
        _standardScheduleForLongKeys = true;
    }

    /// <summary>One family for keys of every length.</summary>
    public RateAdaptiveLdpcReconciliation(LdpcCodeFamily family, ReconciliationOptions options)
        : this(family, family, long.MaxValue, options)
    {
    }

    /// <summary>
    /// <paramref name="family"/> for raw keys shorter than <paramref name="longFrameMinimumKeyBits"/>,
    /// <paramref name="longFrameFamily"/> from there on. Both stations choose by the raw key's length, which they share.
    /// </summary>
    public RateAdaptiveLdpcReconciliation(LdpcCodeFamily family, LdpcCodeFamily longFrameFamily, long longFrameMinimumKeyBits, ReconciliationOptions options)
    {
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(longFrameFamily);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(longFrameMinimumKeyBits);
        if (options.AttemptScales.Count == 0)
            throw new ArgumentException("The schedule needs at least one attempt.", nameof(options));
        _family = family;
        _longFrameFamily = longFrameFamily;
        _longFrameMinimumKeyBits = longFrameMinimumKeyBits;
        if (options.MaxDegreeOfParallelism < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxDegreeOfParallelism, "Bob needs at least one decoding thread.");
        _options = options;

        // One floor for both: an estimate the engine raises must plan in either family.
        _lowestErrorRate = Math.Max(PlannableErrorRate.Lowest(family, options), PlannableErrorRate.Lowest(longFrameFamily, options));

        // Planning an empty key at the floor checks the schedule and the floor here rather than mid-block.
        _ = ReconciliationPlanner.Plan(family, 0, _lowestErrorRate, options);
        _ = ReconciliationPlanner.Plan(longFrameFamily, 0, _lowestErrorRate, options);
    }

    /// <summary>How many frames Bob decodes at once.</summary>
    public int DecodingThreads => _options.MaxDegreeOfParallelism;

    /// <summary>Each attempt is one round trip; the last report always comes after the last attempt.</summary>
    /// <summary>The most attempts any schedule this reconciliation takes can make.</summary>
    public int MaxRoundTrips => _standardScheduleForLongKeys
        ? Math.Max(_options.AttemptScales.Count, Math.Max(ReconciliationOptions.Default.AttemptScales.Count, ReconciliationOptions.LongFrames.AttemptScales.Count))
        : _options.AttemptScales.Count;

    /// <summary>
    /// The smallest error rate the family plans for. A lower estimate (an honest link can show none at all on its
    /// tested rounds) is raised to it: the highest-rate code then carries frames as long as they can be, and
    /// discloses a little more than a lower estimate would need, never less.
    /// </summary>
    public double LowestErrorRate => _lowestErrorRate;

    public IAliceReconciler ForAlice(ulong[] rawKey, long bits, double errorRate)
    {
        var plan = Plan(rawKey, bits, errorRate);
        return new RateAdaptiveAlice(FamilyFor(bits), plan, rawKey, bits);
    }

    public IBobReconciler ForBob(ulong[] rawKey, long bits, double errorRate)
    {
        var plan = Plan(rawKey, bits, errorRate);
        return new RateAdaptiveBob(FamilyFor(bits), plan, rawKey, OptionsFor(bits, errorRate));
    }

    /// <summary>The plan both stations derive for a raw key of <paramref name="bits"/> at <paramref name="errorRate"/>.</summary>
    public ReconciliationPlan Plan(long bits, double errorRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bits);
        if (double.IsNaN(errorRate) || errorRate < 0 || errorRate >= 0.5)
            throw new ArgumentOutOfRangeException(nameof(errorRate), errorRate, "The error-rate estimate must lie in [0, 0.5).");
        return EvenFramePlan.Plan(FamilyFor(bits), bits, Math.Max(errorRate, _lowestErrorRate), OptionsFor(bits, errorRate));
    }

    /// <summary>The attempt schedule (and decoding options) for a raw key of <paramref name="bits"/> at <paramref name="errorRate"/>: the same at both stations.</summary>
    public ReconciliationOptions OptionsFor(long bits, double errorRate)
    {
        double q = Math.Max(errorRate, _lowestErrorRate);
        return _standardScheduleForLongKeys && bits >= _longFrameMinimumKeyBits && q >= StandardScheduleMinimumErrorRate
            ? ReconciliationOptions.ForKey(bits, q) with { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism }
            : _options;
    }

    /// <summary>The family a raw key of <paramref name="bits"/> is reconciled in (its codes are what a plan's indices name).</summary>
    public LdpcCodeFamily FamilyFor(long bits) => bits >= _longFrameMinimumKeyBits ? _longFrameFamily : _family;

    private ReconciliationPlan Plan(ulong[] rawKey, long bits, double errorRate)
    {
        ArgumentNullException.ThrowIfNull(rawKey);
        if (rawKey.LongLength * 64 < bits)
            throw new ArgumentException($"A raw key of {rawKey.Length} words cannot hold {bits} bits.", nameof(rawKey));
        return Plan(bits, errorRate);
    }
}
