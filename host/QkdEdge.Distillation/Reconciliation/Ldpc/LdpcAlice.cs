using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Verification;

namespace QkdEdge.Distillation.Reconciliation.Ldpc;

/// <summary>
/// Alice's side of rate-adaptive LDPC reconciliation. She sends the syndromes of all frames (without the private
/// checks of the padding), then, for every frame Bob could not decode, the next padding values of the plan's
/// reveal schedule. Every bit she sends, and every bit she receives from Bob, is charged to <see cref="Leak"/>.
/// When Bob's final report arrives she compares his verification tag with her own over the decoded frames.
/// </summary>
public sealed class LdpcAlice
{
    private readonly LdpcCodeFamily _family;
    private readonly ReconciliationPlan _plan;
    private readonly ulong[] _key;
    private readonly ulong[] _hashPoints;
    private readonly ulong[][] _padding;
    private readonly int[] _attempts;
    private readonly bool[] _decoded;
    private bool _started;

    public LdpcAlice(LdpcCodeFamily family, ReconciliationPlan plan, ReadOnlySpan<ulong> key, ReadOnlySpan<ulong> hashPoints)
    {
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(plan);
        if (key.Length < PackedBits.WordCount(plan.KeyBits))
        {
            throw new ArgumentException("The key is shorter than the plan.", nameof(key));
        }

        if (hashPoints.Length == 0)
        {
            throw new ArgumentException("At least one verification hash point is required.", nameof(hashPoints));
        }

        _family = family;
        _plan = plan;
        _key = key[..PackedBits.WordCount(plan.KeyBits)].ToArray();
        _hashPoints = hashPoints.ToArray();
        _padding = new ulong[plan.Frames.Count][];
        _attempts = new int[plan.Frames.Count];
        _decoded = new bool[plan.Frames.Count];
    }

    public LeakLedger Leak { get; } = new();

    /// <summary>Set once Bob's final report has been checked: true iff his tag equals Alice's.</summary>
    public bool? Verified { get; private set; }

    /// <summary>Frames Bob decoded (valid after the final report).</summary>
    public IReadOnlyList<bool> DecodedFrames => _decoded;

    /// <summary>The first message: every frame's syndrome and the hash points. Starts the first round trip.</summary>
    public SyndromeMessage Start()
    {
        if (_started)
        {
            throw new InvalidOperationException("The exchange has already started.");
        }

        _started = true;
        var frames = new FrameSyndrome[_plan.Frames.Count];
        for (int f = 0; f < frames.Length; f++)
        {
            frames[f] = EncodeFrame(_plan.Frames[f]);
            Leak.Charge(DisclosureKind.Syndrome, frames[f].BitCount);
            _attempts[f] = 1;
        }

        Leak.CountRoundTrip();
        return new SyndromeMessage(frames, _hashPoints);
    }

    /// <summary>
    /// Handles Bob's report: returns the reveals for frames that still have attempts left, or null when the
    /// report is final (then <see cref="Verified"/> is set).
    /// </summary>
    public RevealMessage? Respond(DecodeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Leak.Charge(DisclosureKind.Reply, report.TriedFrames.Count);
        for (int i = 0; i < report.TriedFrames.Count; i++)
        {
            _decoded[report.TriedFrames[i]] = report.Decoded[i];
        }

        if (report.Tag is not null)
        {
            Leak.Charge(DisclosureKind.VerificationTag, 64L * report.Tag.Count);
            var mine = new PolynomialHash(_hashPoints);
            foreach (var frame in _plan.Frames)
            {
                if (_decoded[frame.Index])
                {
                    mine.Append(Slice(frame), frame.KeyBits);
                }
            }

            Verified = mine.Finish().AsSpan().SequenceEqual(report.Tag.ToArray());
            return null;
        }

        var reveals = new List<FrameReveal>();
        for (int i = 0; i < report.TriedFrames.Count; i++)
        {
            int f = report.TriedFrames[i];
            var plan = _plan.Frames[f];
            if (report.Decoded[i] || _attempts[f] >= plan.Attempts)
            {
                continue;
            }

            int from = plan.CumulativeReveals[_attempts[f] - 1];
            int to = plan.CumulativeReveals[_attempts[f]];
            var values = new ulong[PackedBits.WordCount(to - from)];
            PackedBits.Copy(_padding[f], from, values, 0, to - from);
            reveals.Add(new FrameReveal(f, values, to - from));
            Leak.Charge(DisclosureKind.ExtraSyndrome, to - from);
            _attempts[f]++;
        }

        Leak.CountRoundTrip();
        return new RevealMessage(reveals);
    }

    /// <summary>Alice's reconciled key: the key bits of the decoded frames, in frame order.</summary>
    public (ulong[] Key, long Bits) ReconciledKey() => LdpcBob.Concatenate(_plan, _decoded, _key);

    private ReadOnlySpan<ulong> Slice(FramePlan frame) => _key.AsSpan((int)(frame.KeyOffset >> 6));

    private FrameSyndrome EncodeFrame(FramePlan frame)
    {
        var layout = _family.Layout(frame.CodeIndex, frame.PaddingBits, frame.ShortenedBits);
        var code = layout.Code;
        var bits = new ulong[PackedBits.WordCount(code.BlockLength)];
        var syndrome = new ulong[PackedBits.WordCount(code.CheckCount)];
        layout.Scatter(_key, frame.KeyOffset, bits);
        code.ComputeSyndrome(bits, syndrome);

        // Each padding bit takes the value that zeroes its private check, then the syndrome is recomputed.
        var padding = new ulong[PackedBits.WordCount(layout.PaddingBits)];
        for (int j = 0; j < layout.PaddingBits; j++)
        {
            if (PackedBits.Get(syndrome, layout.PrivateChecks[j]))
            {
                PackedBits.Set(padding, j, true);
                PackedBits.Set(bits, layout.PaddingPositions[j], true);
            }
        }

        code.ComputeSyndrome(bits, syndrome);
        _padding[frame.Index] = padding;
        return new FrameSyndrome(frame.Index, layout.PackSentSyndrome(syndrome), layout.SentSyndromeBits);
    }
}
