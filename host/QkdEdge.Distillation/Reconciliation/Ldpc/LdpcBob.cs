using System.Collections.Concurrent;
using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Verification;

namespace QkdEdge.Distillation.Reconciliation.Ldpc;

/// <summary>
/// Bob's side: decodes every frame from its syndrome and his own bits, and reports per frame whether the decoder
/// converged; Alice's reveals turn padding bits from unknown into known and the frame is decoded again. When no
/// frame is left to try, the report carries his verification tag over the decoded frames. Frames are decoded in
/// parallel up to <see cref="ReconciliationOptions.MaxDegreeOfParallelism"/>. Memory per frame is its syndrome
/// and reveals; decoding buffers belong to the worker threads.
/// </summary>
public sealed class LdpcBob
{
    private readonly LdpcCodeFamily _family;
    private readonly ReconciliationPlan _plan;
    private readonly ReconciliationOptions _options;
    private readonly ulong[] _key;
    private readonly ulong[] _corrected;
    private readonly ulong[]?[] _syndromes;
    private readonly ulong[][] _reveals;
    private readonly int[] _revealed;
    private readonly int[] _attempts;
    private readonly bool[] _decoded;
    private readonly ConcurrentDictionary<int, ConcurrentBag<Worker>> _workers = new();
    private readonly DecoderState?[] _states;
    private long _stateBytes;
    private int _coarseDecodes;
    private ulong[] _hashPoints = [];

    public LdpcBob(LdpcCodeFamily family, ReconciliationPlan plan, ReadOnlySpan<ulong> key, ReconciliationOptions options)
    {
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int words = PackedBits.WordCount(plan.KeyBits);
        if (key.Length < words)
        {
            throw new ArgumentException("The key is shorter than the plan.", nameof(key));
        }

        _family = family;
        _plan = plan;
        _options = options;
        _key = key[..words].ToArray();
        _corrected = (ulong[])_key.Clone();
        int frames = plan.Frames.Count;
        _syndromes = new ulong[frames][];
        _reveals = new ulong[frames][];
        _revealed = new int[frames];
        _attempts = new int[frames];
        _decoded = new bool[frames];
        _states = new DecoderState?[frames];
    }

    /// <summary>Bob's key with every decoded frame corrected (frames that failed keep his raw bits).</summary>
    public ReadOnlySpan<ulong> CorrectedKey => _corrected;

    public IReadOnlyList<bool> DecodedFrames => _decoded;

    /// <summary>How many attempts each frame took (0 if never tried).</summary>
    public IReadOnlyList<int> Attempts => _attempts;

    /// <summary>Frames that failed their last attempt in the code's own units and decoded in coarser ones (see <see cref="CoarseUnitsPerNat"/>).</summary>
    public int FramesDecodedInCoarseUnits => Volatile.Read(ref _coarseDecodes);

    public DecodeReport Receive(SyndromeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _hashPoints = message.HashPoints.ToArray();
        var tried = new List<int>();
        foreach (var frame in message.Frames)
        {
            var plan = _plan.Frames[frame.Frame];
            var layout = _family.Layout(plan.CodeIndex, plan.PaddingBits, plan.ShortenedBits);
            var syndrome = new ulong[PackedBits.WordCount(layout.Code.CheckCount)];
            layout.UnpackSentSyndrome(frame.Bits, syndrome);
            _syndromes[frame.Frame] = syndrome;
            _reveals[frame.Frame] = new ulong[PackedBits.WordCount(plan.PaddingBits)];
            tried.Add(frame.Frame);
        }

        return DecodeRound(tried);
    }

    public DecodeReport Receive(RevealMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var tried = new List<int>();
        foreach (var reveal in message.Frames)
        {
            int f = reveal.Frame;
            PackedBits.Copy(reveal.Values, 0, _reveals[f], _revealed[f], reveal.Count);
            _revealed[f] += reveal.Count;
            tried.Add(f);
        }

        return DecodeRound(tried);
    }

    /// <summary>Bob's reconciled key: the corrected key bits of the decoded frames, in frame order.</summary>
    public (ulong[] Key, long Bits) ReconciledKey() => Concatenate(_plan, _decoded, _corrected);

    internal static (ulong[] Key, long Bits) Concatenate(ReconciliationPlan plan, IReadOnlyList<bool> decoded, ReadOnlySpan<ulong> source)
    {
        long bits = plan.Frames.Where(f => decoded[f.Index]).Sum(f => (long)f.KeyBits);
        var key = new ulong[PackedBits.WordCount(bits)];
        long at = 0;
        foreach (var frame in plan.Frames)
        {
            if (decoded[frame.Index])
            {
                PackedBits.Copy(source, frame.KeyOffset, key, at, frame.KeyBits);
                at += frame.KeyBits;
            }
        }

        return (key, bits);
    }

    private DecodeReport DecodeRound(List<int> tried)
    {
        var results = new bool[tried.Count];
        Parallel.For(0, tried.Count, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism }, i =>
        {
            results[i] = DecodeFrame(tried[i]);
        });

        bool anyLeft = false;
        for (int i = 0; i < tried.Count; i++)
        {
            int f = tried[i];
            _attempts[f]++;
            _decoded[f] = results[i];
            if (!results[i] && _attempts[f] < _plan.Frames[f].Attempts)
            {
                anyLeft = true;
            }
        }

        ulong[]? tag = null;
        if (!anyLeft)
        {
            var hash = new PolynomialHash(_hashPoints);
            foreach (var frame in _plan.Frames)
            {
                if (_decoded[frame.Index])
                {
                    hash.Append(_corrected.AsSpan((int)(frame.KeyOffset >> 6)), frame.KeyBits);
                }
            }

            tag = hash.Finish();
        }

        return new DecodeReport(tried, results, tag);
    }

    private bool DecodeFrame(int f)
    {
        var plan = _plan.Frames[f];
        var layout = _family.Layout(plan.CodeIndex, plan.PaddingBits, plan.ShortenedBits);
        var pool = _workers.GetOrAdd(plan.CodeIndex, _ => new ConcurrentBag<Worker>());
        if (!pool.TryTake(out var worker))
        {
            worker = new Worker(_family.Code(plan.CodeIndex), _options.Decoder ?? _family.DecoderOptions[plan.CodeIndex]);
        }

        try
        {
            layout.Scatter(_key, plan.KeyOffset, worker.Frame);
            // The last attempt starts cold and may run longer: a resumed decoder can be stuck where it stopped.
            bool last = _attempts[f] + 1 >= plan.Attempts;
            var decoder = last ? worker.FinalDecoder : worker.Decoder;
            FillChannelValues(f, layout, worker, decoder.Options);
            var state = last ? null : StateFor(f, worker.Decoder, plan);
            var outcome = decoder.Decode(worker.Llr, _syndromes[f], worker.Decoded, state);
            if (!outcome.Converged && last && worker.CoarseFinalDecoder is { } coarse)
            {
                // A frame the code's own units leave stuck gets one more cold decode in coarser units before it is
                // lost: nothing more is disclosed, and only frames that failed every attempt pay for it.
                FillChannelValues(f, layout, worker, coarse.Options);
                outcome = coarse.Decode(worker.Llr, _syndromes[f], worker.Decoded);
                if (outcome.Converged)
                {
                    Interlocked.Increment(ref _coarseDecodes);
                }
            }

            if (outcome.Converged)
            {
                layout.Gather(worker.Decoded, _corrected, plan.KeyOffset);
            }

            if (outcome.Converged || last)
            {
                ReleaseState(f);
            }

            return outcome.Converged;
        }
        finally
        {
            pool.Add(worker);
        }
    }

    /// <summary>Channel values of the frame's bits in the worker's buffer: key bits by Bob's values, known bits at full strength, unrevealed padding 0.</summary>
    private void FillChannelValues(int f, FrameLayout layout, Worker worker, MinSumOptions options)
    {
        var llr = worker.Llr;
        sbyte magnitude = (sbyte)options.ChannelMagnitudeFor(_plan.EstimatedErrorRate);
        ChannelValues.Fill(worker.Frame, llr.Length, magnitude, llr);
        foreach (int v in layout.ShortenedPositions)
        {
            llr[v] = sbyte.MaxValue;
        }

        var padding = layout.PaddingPositions;
        for (int j = 0; j < padding.Length; j++)
        {
            llr[padding[j]] = j < _revealed[f] ? (PackedBits.Get(_reveals[f], j) ? (sbyte)-sbyte.MaxValue : sbyte.MaxValue) : (sbyte)0;
        }
    }

    /// <summary>The frame's saved state, created while the memory budget allows (otherwise the frame restarts cold).</summary>
    private DecoderState? StateFor(int f, LayeredMinSumDecoder decoder, FramePlan plan)
    {
        if (_states[f] is { } existing || plan.Attempts < 2)
        {
            return _states[f];
        }

        var state = decoder.CreateState();
        if (Interlocked.Add(ref _stateBytes, state.Bytes) > _options.WarmStartMemoryBytes)
        {
            Interlocked.Add(ref _stateBytes, -state.Bytes);
            return null;
        }

        _states[f] = state;
        return state;
    }

    private void ReleaseState(int f)
    {
        if (_states[f] is { } state)
        {
            Interlocked.Add(ref _stateBytes, -state.Bytes);
            _states[f] = null;
        }
    }

    private const int FinalAttemptIterations = 120;
    private const int FinalAttemptStallLimit = 25;

    /// <summary>
    /// Units per nat of the second decode a lost frame gets. Codes decoding at 4 units lose rare frames that 3 units
    /// decode: at Q = 6.4 % the 100-row code (4 units, before its channel ceiling) left 2 of 136 long frames undecoded
    /// even with every padding bit revealed, while at 3 units every frame decoded by the second attempt. At 3 units the check-to-bit limit
    /// (<see cref="BoxPlusLayer.MessageLimit"/>, 31 units) is 10 nat, at 4 only 7.75.
    /// </summary>
    public const int CoarseUnitsPerNat = 3;

    private sealed class Worker
    {
        private readonly QcLdpcCode _code;
        private LayeredMinSumDecoder? _coarseFinalDecoder;

        public Worker(QcLdpcCode code, MinSumOptions options)
        {
            Decoder = new LayeredMinSumDecoder(code, options);
            FinalDecoder = new LayeredMinSumDecoder(code, options with
            {
                MaxIterations = Math.Max(options.MaxIterations, FinalAttemptIterations),
                StallLimit = Math.Max(options.StallLimit, FinalAttemptStallLimit),
            });
            _code = code;
            Frame = new ulong[PackedBits.WordCount(code.BlockLength)];
            Decoded = new ulong[PackedBits.WordCount(code.BlockLength)];
            Llr = new sbyte[code.BlockLength];
        }

        public LayeredMinSumDecoder Decoder { get; }

        /// <summary>The decoder of the last attempt, with the longer budget below.</summary>
        public LayeredMinSumDecoder FinalDecoder { get; }

        /// <summary>
        /// The last attempt's decoder in coarser units, for a frame the code's own units could not decode; null if the
        /// code decodes in them already. Built on first use: most exchanges never need it, and it would add a third
        /// set of message buffers to every worker. A worker serves one frame at a time, so no lock is needed.
        /// </summary>
        public LayeredMinSumDecoder? CoarseFinalDecoder =>
            FinalDecoder.Options is { CheckNode: CheckNodeRule.BoxPlus, LlrScale: > CoarseUnitsPerNat } options
                ? _coarseFinalDecoder ??= new LayeredMinSumDecoder(_code, options with { LlrScale = CoarseUnitsPerNat })
                : null;

        public ulong[] Frame { get; }

        public ulong[] Decoded { get; }

        public sbyte[] Llr { get; }
    }
}
