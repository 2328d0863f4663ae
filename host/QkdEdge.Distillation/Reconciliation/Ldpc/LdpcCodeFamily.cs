using System.Collections.Concurrent;

namespace QkdEdge.Distillation.Reconciliation.Ldpc;

/// <summary>
/// The set of mother codes the rate-adaptive protocol chooses from, all with the same frame length, built
/// deterministically from their specs (both stations get identical codes and can compare
/// <see cref="QcLdpcCode.Fingerprint"/>). Codes, their padding candidates and layouts are built on first use and
/// cached; the family is safe to share between threads.
/// </summary>
public sealed class LdpcCodeFamily
{
    private readonly Lazy<QcLdpcCode>[] _codes;
    private readonly Lazy<PunctureCandidates>[] _candidates;
    private readonly ConcurrentDictionary<(int Code, int Padding, int Shortened), FrameLayout> _layouts = new();

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

    public FrameLayout Layout(int code, int paddingBits, int shortenedBits) =>
        _layouts.GetOrAdd((code, paddingBits, shortenedBits), key =>
            new FrameLayout(Code(key.Code), _candidates[key.Code].Value, key.Padding, key.Shortened, LayoutSeed ^ ((ulong)key.Code << 40) ^ ((ulong)key.Padding << 20) ^ (ulong)key.Shortened));
}
