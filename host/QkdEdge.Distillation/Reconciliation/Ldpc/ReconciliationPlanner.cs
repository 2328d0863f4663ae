namespace QkdEdge.Distillation.Reconciliation.Ldpc;

/// <summary>
/// Chooses, for an estimated error rate Q, the mother code and modulation of the frames. With m syndrome bits,
/// k key bits, p padding and s shortened bits in a frame of n, and attempt efficiencies f_i = scale_i times the
/// code's typical efficiency: the last attempt reveals all padding, so m = f_last k h(Q) fixes k; the first
/// attempt sends m - p bits, so p = m - f_first k h(Q); s = n - k - p. The key is spread evenly over as few
/// frames as the code allows; key bits per frame are a multiple of 64 (except in the last frame), so frames own
/// whole words of the key and can be decoded in parallel.
/// </summary>
public static class ReconciliationPlanner
{
    public static ReconciliationPlan Plan(LdpcCodeFamily family, long keyBits, double estimatedErrorRate, ReconciliationOptions options)
    {
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(keyBits);
        if (double.IsNaN(estimatedErrorRate) || estimatedErrorRate <= 0 || estimatedErrorRate >= 0.5)
        {
            throw new ArgumentOutOfRangeException(nameof(estimatedErrorRate), estimatedErrorRate, "Q must lie in (0, 0.5).");
        }

        double h = BinaryEntropy.Of(estimatedErrorRate);
        var (bestCode, bestKey) = ChooseCode(family, h, options);
        if (bestCode < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(estimatedErrorRate), estimatedErrorRate, "No code of the family can carry key at this error rate with this attempt schedule.");
        }

        // Frames of nearly equal length rather than full frames and a short remainder: a short frame still sends at
        // least the code's syndrome minus its padding capacity, thousands of bits more than its key needs (at
        // Q = 1 % on a key of 2^19 bits, the remainder frame alone added 0.06 to f). Frames own whole 64-bit words
        // (frames decode in parallel): the key's words are dealt out evenly over as few frames as the code allows,
        // so frames differ by at most one word, and the last frame also ends where the key ends.
        var frames = new List<FramePlan>();
        long words = (keyBits + 63) / 64;
        long count = (keyBits + bestKey - 1) / bestKey;
        long offset = 0;
        for (long i = 0; i < count; i++)
        {
            long frameWords = words / count + (i < words % count ? 1 : 0);
            int key = (int)Math.Min(frameWords * 64, keyBits - offset);
            frames.Add(PlanFrame(family, bestCode, (int)i, offset, key, h, options));
            offset += key;
        }

        return new ReconciliationPlan(keyBits, estimatedErrorRate, frames);
    }

    /// <summary>Whether some code of <paramref name="family"/> can carry key at this error rate with this schedule.</summary>
    public static bool CanPlan(LdpcCodeFamily family, double estimatedErrorRate, ReconciliationOptions options) =>
        CodeFor(family, estimatedErrorRate, options) is not null;

    /// <summary>The index of the code <see cref="Plan"/> would choose, or null if none can carry key.</summary>
    public static int? CodeFor(LdpcCodeFamily family, double estimatedErrorRate, ReconciliationOptions options)
    {
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(options);
        if (estimatedErrorRate is not (> 0 and < 0.5))
        {
            return null;
        }

        int code = ChooseCode(family, BinaryEntropy.Of(estimatedErrorRate), options).Code;
        return code >= 0 ? code : null;
    }

    private static (int Code, int Key) ChooseCode(LdpcCodeFamily family, double h, ReconciliationOptions options)
    {
        int n = family.FrameLength;

        // Prefer the code of lowest rank (LdpcCodeProfile.PlanningRank) among those whose frames keep at least 70 %
        // of their bits for key (the cap bounds the throughput lost to shortened bits); if none qualifies, take the
        // least shortening. Ties go to the code that carries more key per frame.
        int bestCode = -1;
        int bestKey = 0;
        int leastShortened = -1;
        int leastShortenedKey = 0;
        for (int c = 0; c < family.Count; c++)
        {
            double typical = family.Profiles[c].TypicalEfficiency;
            double first = typical * options.AttemptScales[0];
            double last = typical * options.AttemptScales[^1];
            int m = family.CheckCount(c);
            int key = (int)Math.Floor(m / (last * h)) & ~63;
            int padding = m - (int)Math.Ceiling(first * key * h);
            if (key <= 0 || padding < 0 || padding > family.PaddingCapacity(c) || key + padding > n)
            {
                continue;
            }

            int shortened = n - key - padding;
            double rank = family.Profiles[c].PlanningRank;
            if (10 * shortened <= 3 * n && (bestCode < 0 || rank < family.Profiles[bestCode].PlanningRank ||
                                      (rank == family.Profiles[bestCode].PlanningRank && key > bestKey)))
            {
                bestCode = c;
                bestKey = key;
            }

            if (leastShortened < 0 || key > leastShortenedKey)
            {
                leastShortened = c;
                leastShortenedKey = key;
            }
        }

        if (bestCode < 0)
        {
            bestCode = leastShortened;
            bestKey = leastShortenedKey;
        }

        return (bestCode, bestKey);
    }

    private static FramePlan PlanFrame(LdpcCodeFamily family, int code, int index, long offset, int key, double h, ReconciliationOptions options)
    {
        int m = family.CheckCount(code);
        int n = family.FrameLength;
        double typical = family.Profiles[code].TypicalEfficiency;
        var targets = options.AttemptScales.Select(a => a * typical).ToArray();

        // A short last frame keeps the same code: padding grows, capped by what the code offers, and the rest is shortened.
        int padding = Math.Clamp(m - (int)Math.Ceiling(targets[0] * key * h), 0, Math.Min(family.PaddingCapacity(code), n - key));
        int shortened = n - key - padding;
        var reveals = new int[targets.Length];
        for (int a = 1; a < targets.Length; a++)
        {
            int wanted = (int)Math.Ceiling(targets[a] * key * h) - (m - padding);
            reveals[a] = Math.Clamp(wanted, reveals[a - 1], padding);
        }

        reveals[^1] = padding;
        return new FramePlan(index, code, offset, key, padding, shortened, reveals);
    }
}
