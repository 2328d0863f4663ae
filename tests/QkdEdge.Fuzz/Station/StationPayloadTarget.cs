using System.IO.Compression;
using QkdEdge.Station.Peer;

namespace QkdEdge.Fuzz.Station;

/// <summary>
/// The station's own peer payloads, read from what the other station sent: the tag series
/// (<see cref="TagSeriesCodec"/>), Alice's alignment (<see cref="AlignmentMessage"/>) and the plan in the
/// session hello (<see cref="HelloParameters"/>). Input: a selector byte (mod 3: tag series, alignment,
/// hello), for the tag series the caller's round limit (u16, plus one), then the payload. Contract: a
/// decoded payload or <see cref="FormatException"/>, nothing else; a decoded payload is well-formed and
/// encodes back to what decodes equal; no allocation beyond what the payload (for the tag series: its
/// inflated form) can justify.
/// </summary>
public sealed class StationPayloadTarget : FuzzTarget
{
    /// <summary>
    /// The tag series' allocation, derived from <see cref="TagSeriesCodec"/>: an inflate buffer that starts at
    /// 16 bytes per payload byte (at least 4 KiB) and doubles, so at most 5 times that start plus 4 per
    /// inflated byte in all; then, per round, the compact form's 4-byte step, at worst a run of its own (12 bytes,
    /// in lists that double, then copied to arrays: 36 in all) and the two 8-byte arrays of the series the
    /// decoder returns, and a round takes at least 2 inflated bytes, so 28 per inflated byte. 80 per payload byte
    /// and 32 per inflated byte hold both with room; allocating from a claimed round count instead exceeds them at
    /// once.
    /// </summary>
    private const int TagBytesPerPayloadByte = 80;

    private const int TagBytesPerInflatedByte = 32;

    public override string Name => "station-payloads";

    public override string Description => "selector, round limit, payload -> TagSeriesCodec/AlignmentMessage/HelloParameters.Decode; FormatException only";

    public override IEnumerable<FuzzSeed> Seeds() => StationSeeds.All();

    public override FuzzOutcome Run(ReadOnlySpan<byte> input)
    {
        var reader = new InputReader(input);
        switch (reader.U8() % 3)
        {
            case 0:
            {
                int maxRounds = 1 + reader.U16();
                byte[] payload = reader.Rest().ToArray();
                long inflated = InflatedLength(payload, 20 + (20L * maxRounds));
                var series = AllocationBound.Check(Name, payload.Length, (64 * 1024) + (TagBytesPerInflatedByte * inflated), TagBytesPerPayloadByte,
                    () => Decode(() => TagSeriesCodec.Decode(payload, maxRounds)));
                Streamed(payload, maxRounds, series.Value);
                return series.Error is { } error ? Refused(error) : TagSeries(series.Value!, maxRounds);
            }

            case 1:
            {
                byte[] payload = reader.Rest().ToArray();
                // Ranges are 24-byte structs read from 24 payload bytes; 8 per byte leaves room for the rest.
                var alignment = AllocationBound.Check(Name, payload.Length, 64 * 1024, 8, () => Decode(() => AlignmentMessage.Decode(payload)));
                return alignment.Error is { } error ? Refused(error) : Alignment(alignment.Value!, payload);
            }

            default:
            {
                byte[] payload = reader.Rest().ToArray();
                // A copy of the payload, then the name as UTF-16 (two bytes per byte) and the reader's buffers.
                var plan = AllocationBound.Check(Name, payload.Length, 64 * 1024, 16, () => Decode(() => HelloParameters.Decode(payload)));
                return plan.Error is { } error ? Refused(error) : Hello(plan.Value!);
            }
        }
    }

    /// <summary>The decoder's result, or the one exception its contract allows; any other escapes.</summary>
    private static (T? Value, FormatException? Error) Decode<T>(Func<T> decode)
        where T : class
    {
        try
        {
            return (decode(), null);
        }
        catch (FormatException exception)
        {
            return (null, exception);
        }
    }

    private static FuzzOutcome TagSeries(QkdEdge.Alignment.TagSeries series, int maxRounds)
    {
        if (series.Count > maxRounds)
            throw new ContractViolationException($"Decoded a tag series of {series.Count} rounds, limit {maxRounds}.");
        // Any positive period round-trips: the residues absorb it.
        var again = TagSeriesCodec.Decode(TagSeriesCodec.Encode(series.Rounds, series.Tags, 1), maxRounds);
        if (!again.Rounds.SequenceEqual(series.Rounds) || !again.Tags.SequenceEqual(series.Tags))
            throw new ContractViolationException("A decoded tag series changes when encoded and decoded again.");
        return new FuzzOutcome(true, "TagSeries");
    }

    /// <summary>
    /// The streaming decoder the station uses (<see cref="TagSeriesCodec.DecodeBlockAsync"/>) against the whole-payload
    /// one: the same series, or a <see cref="FormatException"/> where it refused. Outside the allocation bound: it
    /// allocates the claimed round count (up to the caller's limit, the plan's own block) before the bytes arrive.
    /// </summary>
    private static void Streamed(byte[] payload, int maxRounds, QkdEdge.Alignment.TagSeries? whole)
    {
        QkdEdge.Alignment.TagSeries? streamed;
        try
        {
            streamed = TagSeriesCodec.DecodeBlockAsync(new MemoryStream(payload), maxRounds, CancellationToken.None).GetAwaiter().GetResult().ToSeries();
        }
        catch (FormatException)
        {
            streamed = null;
        }

        if ((whole is null) != (streamed is null))
            throw new ContractViolationException($"The streaming tag decoder {(streamed is null ? "refused" : "accepted")} what the whole-payload decoder {(whole is null ? "refused" : "accepted")}.");
        if (whole is not null && (!whole.Rounds.SequenceEqual(streamed!.Rounds) || !whole.Tags.SequenceEqual(streamed.Tags)))
            throw new ContractViolationException("The streaming tag decoder gave another series than the whole-payload decoder.");
    }

    private static FuzzOutcome Alignment(AlignmentMessage message, byte[] payload)
    {
        if (message.Ranges.Any(r => r.Count <= 0 || r.BobFirst < 0 || r.AliceFirst < 0) || message.PairedRounds < 0)
            throw new ContractViolationException("Decoded an alignment with an empty or negative range.");
        if (!message.Encode().AsSpan().SequenceEqual(payload))
            throw new ContractViolationException("A decoded alignment encodes to other bytes.");
        return new FuzzOutcome(true, nameof(AlignmentMessage));
    }

    private static FuzzOutcome Hello(HelloParameters plan)
    {
        if (HelloParameters.Decode(plan.Encode()) != plan && !HasNaN(plan))
            throw new ContractViolationException("A decoded plan announcement changes when encoded and decoded again.");
        return new FuzzOutcome(true, nameof(HelloParameters));
    }

    /// <summary>NaN never equals itself, so a record holding one never compares equal to its copy.</summary>
    private static bool HasNaN(HelloParameters plan) =>
        double.IsNaN(plan.TestFraction) || double.IsNaN(plan.ExpectedChsh) || double.IsNaN(plan.ExpectedErrorRate) || double.IsNaN(plan.Soundness);

    private static FuzzOutcome Refused(FormatException exception)
    {
        if (string.IsNullOrWhiteSpace(exception.Message))
            throw new ContractViolationException("FormatException without a message.");
        return new FuzzOutcome(false, nameof(FormatException));
    }

    /// <summary>How many bytes the payload inflates to, up to <paramref name="limit"/> (measured outside the bound).</summary>
    private static long InflatedLength(byte[] payload, long limit)
    {
        if (payload.Length < 2)
            return 0;
        long total = 0;
        var buffer = new byte[64 * 1024];
        try
        {
            using var inflater = new ZLibStream(new MemoryStream(payload, 1, payload.Length - 1, writable: false), CompressionMode.Decompress);
            int read;
            while (total <= limit && (read = inflater.Read(buffer)) > 0)
                total += read;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // A stream that stops inflating has inflated what was counted so far; the decoder reads no further either.
        }

        return Math.Min(total, limit);
    }
}
