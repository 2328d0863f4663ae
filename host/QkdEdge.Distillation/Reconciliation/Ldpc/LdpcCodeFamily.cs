namespace QkdEdge.Distillation.Reconciliation.Ldpc;

/// <summary>
/// The set of mother codes the rate-adaptive protocol chooses from, all with the same frame length, built
/// deterministically from their specs (both stations get identical codes and can compare
/// <see cref="QcLdpcCode.Fingerprint"/>). Codes and their padding candidates are built on first use and kept;
/// frame layouts are kept only for the most recent modulations (<see cref="CachedLayoutLimit"/>), because every
/// block's key length gives new ones and a station runs for months. The family is safe to share between threads.
/// </summary>
public sealed class LdpcCodeFamily
{
    private readonly Lazy<QcLdpcCode>[] _codes;
    private readonly Lazy<PunctureCandidates>[] _candidates;
    private readonly Dictionary<(int Code, int Padding, int Shortened), FrameLayout> _layouts = [];
    private readonly Queue<(int Code, int Padding, int Shortened)> _layoutsByAge = new();
    private readonly Lock _layoutGate = new();

    public LdpcCodeFamily(IReadOnlyList<LdpcCodeProfile> profiles, ulong layoutSeed)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        if (profiles.Count == 0)
        {
            throw new ArgumentException("A family needs at least one code.", nameof(profiles));
        }

        int length = profiles[0].Spec.BaseColumns * profiles[0].Spec.LiftingSize;
        foreach (var profile in profiles)
        {
            if (profile.Spec.BaseColumns * profile.Spec.LiftingSize != length)
            {
                throw new ArgumentException("All codes of a family must have the same frame length.", nameof(profiles));
            }

            profile.Decoder.Validate();
            if (!(profile.TypicalEfficiency >= 1.0))
            {
                throw new ArgumentException("A typical efficiency below 1 is impossible.", nameof(profiles));
            }

            if (profile.Rank is { } rank && !double.IsFinite(rank))
            {
                throw new ArgumentException("A code's rank must be a finite number.", nameof(profiles));
            }
        }

        Profiles = profiles.OrderBy(p => p.Spec.BaseRows).ToArray();
        Specs = Profiles.Select(p => p.Spec).ToArray();
        DecoderOptions = Profiles.Select(p => p.Decoder).ToArray();
        FrameLength = length;
        LayoutSeed = layoutSeed;
        _codes = Specs.Select(s => new Lazy<QcLdpcCode>(() => QcLdpcConstruction.Build(s))).ToArray();
        _candidates = Enumerable.Range(0, Specs.Count)
            .Select(i => new Lazy<PunctureCandidates>(() => new PunctureCandidates(_codes[i].Value, layoutSeed ^ (ulong)i)))
            .ToArray();
    }

    /// <summary>The codes, ordered by syndrome length (highest rate first).</summary>
    public IReadOnlyList<LdpcCodeProfile> Profiles { get; }

    /// <summary>Specs ordered by syndrome length (highest rate first).</summary>
    public IReadOnlyList<QcCodeSpec> Specs { get; }

    public int FrameLength { get; }

    /// <summary>The decoder settings each code was tuned with (same order as <see cref="Specs"/>).</summary>
    public IReadOnlyList<MinSumOptions> DecoderOptions { get; }

    public ulong LayoutSeed { get; }

    public int Count => Specs.Count;

    public QcLdpcCode Code(int index) => _codes[index].Value;

    /// <summary>Syndrome bits of code <paramref name="index"/> without building it.</summary>
    public int CheckCount(int index) => Specs[index].BaseRows * Specs[index].LiftingSize;

    /// <summary>Padding positions code <paramref name="index"/> offers (every other staircase column).</summary>
    public int PaddingCapacity(int index) => ((Specs[index].BaseRows) / 2) * Specs[index].LiftingSize;

    /// <summary>
    /// Layouts kept at once. A block's frames use two or three modulations (frames differ by at most one word of
    /// key) and every block of another key length new ones; a layout holds 70 to 200 KB, and the unbounded cache
    /// this replaces grew by that much per modulation for as long as the process ran. Building one costs well under
    /// a decode, so the oldest are simply dropped.
    /// </summary>
    public const int CachedLayoutLimit = 32;

    /// <summary>Layouts currently kept (at most <see cref="CachedLayoutLimit"/>).</summary>
    public int CachedLayoutCount
    {
        get
        {
            lock (_layoutGate)
            {
                return _layouts.Count;
            }
        }
    }

    public FrameLayout Layout(int code, int paddingBits, int shortenedBits)
    {
        var key = (code, paddingBits, shortenedBits);
        lock (_layoutGate)
        {
            if (_layouts.TryGetValue(key, out var cached))
            {
                return cached;
            }
        }

        // Built outside the lock: frames decoding in parallel should not wait on each other's layouts.
        var built = new FrameLayout(Code(code), _candidates[code].Value, paddingBits, shortenedBits, LayoutSeed ^ ((ulong)code << 40) ^ ((ulong)paddingBits << 20) ^ (ulong)shortenedBits);
        lock (_layoutGate)
        {
            if (_layouts.TryGetValue(key, out var raced))
            {
                return raced;
            }

            _layouts.Add(key, built);
            _layoutsByAge.Enqueue(key);
            while (_layouts.Count > CachedLayoutLimit)
            {
                _layouts.Remove(_layoutsByAge.Dequeue());
            }

            return built;
        }
    }
}
