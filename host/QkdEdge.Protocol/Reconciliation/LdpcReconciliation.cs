using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Reconciliation.Ldpc;
using QkdEdge.Protocol.Messages;

namespace QkdEdge.Protocol.Reconciliation;

/// <summary>
/// One-way LDPC reconciliation over the message exchange of <see cref="IKeyReconciliation"/>. The raw key is
/// cut into frames (the last one padded with zeros that both sides know, decoded as shortened bits). Alice
/// sends every frame's syndrome on the rung of <see cref="LdpcCodeLadder"/> chosen for the estimated error
/// rate; Bob decodes and names the frames that failed; Alice sends those frames' syndromes on the next rung
/// down, and after the last rung the frame itself. Every syndrome and revealed bit is charged, including
/// syndromes of rungs that did not decode. The verification hash that follows catches a frame that decoded
/// to a wrong word.
/// </summary>
public sealed class LdpcReconciliation(LdpcCodeLadder ladder, double margin = 1.45) : IKeyReconciliation
{
    private const byte Revealed = 0xFF;

    public LdpcReconciliation() : this(LdpcCodeLadder.Default) { }

    public int MaxRoundTrips => ladder.Rungs + 2;

    public IAliceReconciler ForAlice(ulong[] rawKey, long bits, double errorRate) => new AliceSide(ladder, rawKey, bits, ladder.FirstRung(errorRate, margin));

    public IBobReconciler ForBob(ulong[] rawKey, long bits, double errorRate) => new BobSide(ladder, rawKey, bits, errorRate);

    private static int FrameCount(long bits) => (int)((bits + LdpcCodeLadder.FrameBits - 1) / LdpcCodeLadder.FrameBits);

    private static ulong[] Frame(ulong[] key, long bits, int frame)
    {
        var words = new ulong[PackedBits.WordCount(LdpcCodeLadder.FrameBits)];
        long start = (long)frame * LdpcCodeLadder.FrameBits;
        PackedBits.Copy(key, start, words, 0, Math.Min(LdpcCodeLadder.FrameBits, bits - start));
        return words;
    }

    private sealed class AliceSide(LdpcCodeLadder ladder, ulong[] key, long bits, int firstRung) : IAliceReconciler
    {
        private readonly int[] _rung = Enumerable.Repeat(firstRung, FrameCount(bits)).ToArray();
        private int[] _pending = Enumerable.Range(0, FrameCount(bits)).ToArray();

        public long DisclosedBits { get; private set; }

        public (ulong[] Key, long Bits) ReconciledKey() => (key, bits);

        public byte[] Start() => Message();

        public byte[]? OnReply(ReadOnlySpan<byte> reply)
        {
            var failed = ReadReply(reply, _pending);
            if (failed.Length == 0)
                return null;
            foreach (int frame in failed)
                _rung[frame] = _rung[frame] == Revealed ? throw new MalformedPayloadException($"frame {frame} was revealed and cannot fail") : _rung[frame] + 1;
            _pending = failed;
            return Message();
        }

        private byte[] Message()
        {
            var writer = new PayloadWriter().U32((uint)_pending.Length);
            foreach (int frame in _pending)
            {
                var words = Frame(key, bits, frame);
                writer.U32((uint)frame);
                if (_rung[frame] >= ladder.Rungs)
                {
                    _rung[frame] = Revealed;
                    long frameBits = Math.Min(LdpcCodeLadder.FrameBits, bits - (long)frame * LdpcCodeLadder.FrameBits);
                    writer.U8(Revealed).Bits(words, frameBits);
                    DisclosedBits += frameBits;
                    continue;
                }
                var code = ladder.Code(_rung[frame]);
                var syndrome = new ulong[PackedBits.WordCount(code.CheckCount)];
                code.ComputeSyndrome(words, syndrome);
                writer.U8((byte)_rung[frame]).Bits(syndrome, code.CheckCount);
                DisclosedBits += code.CheckCount;
            }
            return writer.ToArray();
        }

        private static int[] ReadReply(ReadOnlySpan<byte> reply, int[] pending)
        {
            var reader = new PayloadReader(reply);
            uint count = reader.U32("failed frame count");
            if (count > (uint)pending.Length)
                throw new MalformedPayloadException($"{count} failed frames reported for {pending.Length} sent.");
            var failed = new int[count];
            var sent = new HashSet<int>(pending);
            for (int i = 0; i < count; i++)
            {
                failed[i] = (int)reader.U32("failed frame");
                if (!sent.Remove(failed[i]))
                    throw new MalformedPayloadException($"frame {failed[i]} reported failed but was not sent (or reported twice).");
            }
            reader.End();
            return failed;
        }
    }

    private sealed class BobSide : IBobReconciler, IDisclosureCounter
    {
        private readonly LdpcCodeLadder _ladder;
        private readonly long _bits;
        private readonly ulong[] _corrected;
        private readonly sbyte[] _llr = new sbyte[LdpcCodeLadder.FrameBits];
        private readonly sbyte _confidence;
        private readonly ulong[] _key;
        private readonly HashSet<int> _open;
        private readonly Dictionary<int, LayeredMinSumDecoder> _decoders = [];

        public BobSide(LdpcCodeLadder ladder, ulong[] key, long bits, double errorRate)
        {
            _ladder = ladder;
            _key = key;
            _bits = bits;
            _corrected = (ulong[])key.Clone();
            _open = new HashSet<int>(Enumerable.Range(0, FrameCount(bits)));
            // Quantised channel LLR, 4 units per nat: ln((1 - Q) / Q) for a binary symmetric channel.
            double q = Math.Clamp(errorRate, 1e-4, 0.49);
            _confidence = (sbyte)Math.Clamp(Math.Round(4 * Math.Log((1 - q) / q)), 1, 100);
        }

        public bool Done => _open.Count == 0;
        public (ulong[] Key, long Bits) ReconciledKey() => (_corrected, _bits);
        public long DisclosedBits { get; private set; }

        public byte[] OnMessage(ReadOnlySpan<byte> message)
        {
            var reader = new PayloadReader(message);
            uint count = reader.U32("frame count");
            if (count == 0 || count > (uint)_open.Count)
                throw new MalformedPayloadException($"{count} frames sent while {_open.Count} are open.");
            var failed = new List<int>();
            for (int i = 0; i < count; i++)
            {
                int frame = (int)reader.U32("frame index");
                if (!_open.Contains(frame))
                    throw new MalformedPayloadException($"frame {frame} is not open.");
                long start = (long)frame * LdpcCodeLadder.FrameBits;
                long frameBits = Math.Min(LdpcCodeLadder.FrameBits, _bits - start);
                byte rung = reader.U8("rung");
                if (rung == Revealed)
                {
                    var words = reader.Bits("revealed frame", frameBits);
                    PackedBits.Copy(words, 0, _corrected, start, frameBits);
                    DisclosedBits += frameBits;
                    _open.Remove(frame);
                    continue;
                }
                if (rung >= _ladder.Rungs)
                    throw new MalformedPayloadException($"rung {rung} outside the ladder of {_ladder.Rungs}.");
                var code = _ladder.Code(rung);
                var syndrome = reader.Bits("syndrome", code.CheckCount);
                DisclosedBits += code.CheckCount;
                if (Decode(rung, code, syndrome, start, frameBits))
                    _open.Remove(frame);
                else
                    failed.Add(frame);
            }
            reader.End();
            var reply = new PayloadWriter().U32((uint)failed.Count);
            foreach (int frame in failed)
                reply.U32((uint)frame);
            return reply.ToArray();
        }

        private bool Decode(int rung, QcLdpcCode code, ulong[] syndrome, long start, long frameBits)
        {
            var noisy = Frame(_key, _bits, (int)(start / LdpcCodeLadder.FrameBits));
            ChannelValues.Fill(noisy, (int)frameBits, _confidence, _llr);
            _llr.AsSpan((int)frameBits, LdpcCodeLadder.FrameBits - (int)frameBits).Fill(sbyte.MaxValue);
            if (!_decoders.TryGetValue(rung, out var decoder))
                _decoders[rung] = decoder = new LayeredMinSumDecoder(code);
            var decoded = new ulong[PackedBits.WordCount(LdpcCodeLadder.FrameBits)];
            if (!decoder.Decode(_llr, syndrome, decoded).Converged)
                return false;
            // Padding must decode to the zeros both sides put there; a word that flips it is not Alice's frame.
            for (long i = frameBits; i < LdpcCodeLadder.FrameBits; i++)
                if (PackedBits.Get(decoded, i))
                    return false;
            PackedBits.Copy(decoded, 0, _corrected, start, frameBits);
            return true;
        }
    }
}
