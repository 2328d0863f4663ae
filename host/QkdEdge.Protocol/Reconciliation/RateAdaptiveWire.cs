using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Reconciliation.Ldpc;
using QkdEdge.Protocol.Messages;
using RevealMessage = QkdEdge.Distillation.Reconciliation.Ldpc.RevealMessage;

namespace QkdEdge.Protocol.Reconciliation;

/// <summary>
/// The byte layout of the rate-adaptive LDPC exchange on the peer channel. Both stations derive the same
/// <see cref="ReconciliationPlan"/> from the raw key length and the error-rate estimate, so a message carries
/// only the disclosed bits themselves: which frames a message covers, and how many bits each frame
/// contributes, follow from the plan and from Bob's previous report. Every length is therefore known to the
/// reader before it reads, and a payload of any other length is rejected before anything is allocated for it.
/// All integers are little-endian; a bit string is a u64 bit count followed by ceil(count / 8) bytes of packed
/// bits, least significant bit first (<see cref="PayloadWriter.Bits"/>), with the unused high bits zero.
/// <code>
/// syndromes (Alice, first message): u8 0x01 | u64 raw key bits | u64 error-rate estimate (IEEE 754 bits)
///                                   | u32 frame count | bits: every frame's sent syndrome, frame by frame
/// reveals (Alice, later messages):  u8 0x02 | u8 attempt (2, 3, ...)
///                                   | bits: the next padding values of every frame Bob reported undecoded
///                                     that has an attempt left, in frame order, as many per frame as the plan
/// report (Bob, every reply):        u8 0x03 | bits: one bit per frame of the message answered, in its order
///                                     (1: decoded)
/// </code>
/// The header fields (key length, estimate, frame count, attempt) repeat what both sides already hold; Bob
/// checks them so that stations that planned differently abort instead of decoding garbage. They depend on
/// no key bit and disclose nothing. Bob's verification tag of the distillation exchange is not sent: the
/// engine verifies the whole reconciled key with its own universal hash right after error correction, and
/// charges that tag there, so a second tag would only add leakage.
/// </summary>
internal static class RateAdaptiveWire
{
    public const byte SyndromeKind = 0x01;
    public const byte RevealKind = 0x02;
    public const byte ReportKind = 0x03;

    public static byte[] WriteSyndromes(SyndromeMessage message, long rawBits, double errorRate)
    {
        long total = message.Frames.Sum(f => (long)f.BitCount);
        var packed = new ulong[PackedBits.WordCount(total)];
        long at = 0;
        foreach (var frame in message.Frames)
        {
            PackedBits.Copy(frame.Bits, 0, packed, at, frame.BitCount);
            at += frame.BitCount;
        }

        return new PayloadWriter()
            .U8(SyndromeKind)
            .U64((ulong)rawBits)
            .U64((ulong)BitConverter.DoubleToInt64Bits(errorRate))
            .U32((uint)message.Frames.Count)
            .Bits(packed, total)
            .ToArray();
    }

    /// <summary>Reads Alice's first message for <paramref name="plan"/>; the frames' bit counts come from <paramref name="layouts"/>.</summary>
    public static IReadOnlyList<FrameSyndrome> ReadSyndromes(ReadOnlySpan<byte> payload, ReconciliationPlan plan, IReadOnlyList<FrameLayout> layouts)
    {
        var reader = new PayloadReader(payload);
        ExpectKind(ref reader, SyndromeKind, "syndromes");
        ulong rawBits = reader.U64("raw key bits");
        if (rawBits != (ulong)plan.KeyBits)
            throw new MalformedPayloadException($"syndromes: Alice reconciles {rawBits} raw key bits, Bob holds {plan.KeyBits}.");
        double errorRate = BitConverter.Int64BitsToDouble((long)reader.U64("error-rate estimate"));
        if (BitConverter.DoubleToInt64Bits(errorRate) != BitConverter.DoubleToInt64Bits(plan.EstimatedErrorRate))
            throw new MalformedPayloadException(FormattableString.Invariant(
                $"syndromes: Alice planned for an error rate of {errorRate:R}, Bob for {plan.EstimatedErrorRate:R}."));
        uint frames = reader.U32("frame count");
        if (frames != (uint)plan.Frames.Count)
            throw new MalformedPayloadException($"syndromes: Alice sent {frames} frames, the plan has {plan.Frames.Count}.");
        long total = layouts.Sum(l => (long)l.SentSyndromeBits);
        var packed = reader.Bits("syndrome bits", total);
        reader.End();

        var result = new FrameSyndrome[layouts.Count];
        long at = 0;
        for (int f = 0; f < layouts.Count; f++)
        {
            int count = layouts[f].SentSyndromeBits;
            var bits = new ulong[PackedBits.WordCount(count)];
            PackedBits.Copy(packed, at, bits, 0, count);
            result[f] = new FrameSyndrome(f, bits, count);
            at += count;
        }

        return result;
    }

    public static byte[] WriteReveals(RevealMessage message, int attempt)
    {
        long total = message.Frames.Sum(f => (long)f.Count);
        var packed = new ulong[PackedBits.WordCount(total)];
        long at = 0;
        foreach (var frame in message.Frames)
        {
            PackedBits.Copy(frame.Values, 0, packed, at, frame.Count);
            at += frame.Count;
        }

        return new PayloadWriter().U8(RevealKind).U8(checked((byte)attempt)).Bits(packed, total).ToArray();
    }

    /// <summary>Reads a reveal message for <paramref name="frames"/> (frame, values expected), the frames Bob left open at <paramref name="attempt"/>.</summary>
    public static RevealMessage ReadReveals(ReadOnlySpan<byte> payload, int attempt, IReadOnlyList<(int Frame, int Count)> frames)
    {
        var reader = new PayloadReader(payload);
        ExpectKind(ref reader, RevealKind, "reveals");
        byte sent = reader.U8("attempt");
        if (sent != attempt)
            throw new MalformedPayloadException($"reveals: Alice sent attempt {sent}, Bob expected attempt {attempt}.");
        long total = frames.Sum(f => (long)f.Count);
        var packed = reader.Bits("revealed padding bits", total);
        reader.End();

        var result = new FrameReveal[frames.Count];
        long at = 0;
        for (int i = 0; i < frames.Count; i++)
        {
            var (frame, count) = frames[i];
            var values = new ulong[PackedBits.WordCount(count)];
            PackedBits.Copy(packed, at, values, 0, count);
            result[i] = new FrameReveal(frame, values, count);
            at += count;
        }

        return new RevealMessage(result);
    }

    public static byte[] WriteReport(DecodeReport report)
    {
        var bits = new ulong[PackedBits.WordCount(report.Decoded.Count)];
        for (int i = 0; i < report.Decoded.Count; i++)
            PackedBits.Set(bits, i, report.Decoded[i]);
        return new PayloadWriter().U8(ReportKind).Bits(bits, report.Decoded.Count).ToArray();
    }

    /// <summary>Reads Bob's report on <paramref name="tried"/>, the frames of Alice's last message, in that order.</summary>
    public static DecodeReport ReadReport(ReadOnlySpan<byte> payload, IReadOnlyList<int> tried)
    {
        var reader = new PayloadReader(payload);
        ExpectKind(ref reader, ReportKind, "decode report");
        var bits = reader.Bits("decoded flags", tried.Count);
        reader.End();
        var decoded = new bool[tried.Count];
        for (int i = 0; i < decoded.Length; i++)
            decoded[i] = PackedBits.Get(bits, i);
        // No tag: the engine's own verification follows (see the class summary).
        return new DecodeReport(tried, decoded, Tag: null);
    }

    private static void ExpectKind(ref PayloadReader reader, byte kind, string what)
    {
        byte sent = reader.U8("message kind");
        if (sent != kind)
            throw new MalformedPayloadException($"{what}: message kind 0x{sent:x2} where 0x{kind:x2} was expected.");
    }
}
