using QkdEdge.Fuzz;
using QkdEdge.Fuzz.Wire;
using QkdEdge.Ingest;
using QkdEdge.Wire.Framing;

namespace QkdEdge.FuzzCorpus.Tests;

/// <summary>
/// One test per input the fuzzer reported, each pinned to the committed file and to the outcome the
/// contract gives it (docs/fuzzing.md, "Findings").
/// </summary>
[Collection(FuzzTargetCollection.Name)]
public sealed class RegressionTests(WarmTargets targets)
{
    /// <summary>
    /// A test-selection payload whose block id is 33,667 bytes of invalid UTF-8: it then decoded with
    /// replacement characters (34 bytes allocated per invalid byte by the runtime) and was reported as
    /// over the allocation bound. Text now decodes strictly, so it is refused at its first bad byte.
    /// </summary>
    [Fact]
    public void TestSelectionDecode_WhenBlockIdIsLongInvalidUtf8_IsMalformedWithinItsAllocationBound()
    {
        var outcome = targets.Run("protocol-payloads", Corpus.Read("protocol-payloads", "found-selection-long-invalid-utf8-text.bin"));

        Assert.False(outcome.Accepted);
        Assert.Equal("MalformedPayloadException", outcome.Result);
    }

    /// <summary>
    /// 1,100 encoded bytes and then a delimiter, all in one read: the splitter hands the frame out
    /// although it is longer than any legal frame (it only discards an over-long frame while waiting
    /// for its delimiter). The fast decoder and the reference receiver must both call it too long;
    /// the harness once copied it into a buffer of the largest legal frame and crashed itself.
    /// </summary>
    [Fact]
    public void FrameDecoder_WhenOverlongFrameArrivesWithItsDelimiter_AgreesWithReferenceOnFrameTooLong()
    {
        var outcome = targets.Run("wire-decoder", Corpus.Read("wire-decoder", "found-overlong-frame-before-delimiter.bin"));

        Assert.Equal(new FuzzOutcome(false, "FrameTooLongx1"), outcome);
    }

    [Fact]
    public void BoardFrameReaderRead_WhenOverlongFrameArrivesWithItsDelimiter_CountsOneFrameTooLong()
    {
        byte[] input = Corpus.Read("ingest-reader", "found-overlong-frame-before-delimiter.bin");
        var reader = new BoardFrameReader(new MemoryStream(WireScript.ToStream(input.AsSpan(1))));

        Assert.Equal(BoardFrameKind.EndOfStream, reader.Read());
        Assert.Equal(1, reader.Counters.Malformed(FrameError.FrameTooLong));
        Assert.Equal(1, reader.Counters.FramesMalformed);
    }

    /// <summary>
    /// A tag series whose zlib header is valid but sets the preset-dictionary flag: zlib answers "need
    /// dictionary", which .NET throws as an IOException of its own, not InvalidDataException, so it escaped the
    /// decoder (and the harness's inflate count). Found by AFL++ within seconds on the station-payloads target.
    /// </summary>
    [Fact]
    public void TagSeriesDecode_WhenZlibAsksForAPresetDictionary_IsAFormatException()
    {
        var outcome = targets.Run("station-payloads", Corpus.Read("station-payloads", "found-tags-zlib-preset-dictionary.bin"));

        Assert.Equal(new FuzzOutcome(false, "FormatException"), outcome);
    }

    /// <summary>A block id with one byte that is not UTF-8 (a lone lead byte) in an otherwise valid selection: refused, not patched.</summary>
    [Fact]
    public void TestSelectionDecode_WhenBlockIdHoldsInvalidUtf8_IsMalformed()
    {
        var outcome = targets.Run("protocol-payloads", Corpus.Read("protocol-payloads", "case-selection-invalid-utf8-block-id.bin"));

        Assert.Equal(new FuzzOutcome(false, "MalformedPayloadException"), outcome);
    }

    /// <summary>
    /// A reveal whose firmware text claims 65,426 bytes in a payload of two: refused at the text, having read it in
    /// steps. Before, the stream reader allocated the whole claimed text first (about 70 KB for 8 input bytes).
    /// </summary>
    [Fact]
    public void RevealDecode_WhenTheTextClaimsMoreThanThePayloadHolds_IsMalformedWithoutAllocatingTheClaim()
    {
        var outcome = targets.Run("protocol-payloads", Corpus.Read("protocol-payloads", "case-reveal-text-longer-than-payload.bin"));

        Assert.Equal(new FuzzOutcome(false, "MalformedPayloadException"), outcome);
    }

    /// <summary>
    /// A dialler without the key sends a length prefix at the 4 MiB cap and a hello header that claims
    /// it, then 64 bytes. The hello's payload cap refuses it at the header; before, the host allocated
    /// the whole claimed frame (the replay's allocation bound is now 256 KiB plus 8 per input byte).
    /// </summary>
    [Fact]
    public void AcceptAsync_WhenHelloHeaderClaimsTheFrameCap_BreaksWithFrameTooLarge()
    {
        var outcome = targets.Run("peer-session", Corpus.Read("peer-session", "case-hello-claims-frame-cap.bin"));

        Assert.Equal(new FuzzOutcome(false, "0 messages, broken: FrameTooLarge"), outcome);
    }

    /// <summary>A data frame claiming the cap before any hello: refused at its header as unexpected.</summary>
    [Fact]
    public void AcceptAsync_WhenDataHeaderComesBeforeTheHello_BreaksWithUnexpectedMessage()
    {
        var outcome = targets.Run("peer-session", Corpus.Read("peer-session", "case-data-before-hello-claims-frame-cap.bin"));

        Assert.Equal(new FuzzOutcome(false, "0 messages, broken: UnexpectedMessage"), outcome);
    }

    /// <summary>
    /// A tag series that claims 65,536 rounds (the caller's limit) and holds none: refused before two
    /// arrays of the claim (1 MiB) are allocated, which the replay's allocation bound would report.
    /// </summary>
    [Fact]
    public void TagSeriesDecode_WhenCountExceedsTheBytesPresent_IsRefusedWithinItsAllocationBound()
    {
        var outcome = targets.Run("station-payloads", Corpus.Read("station-payloads", "case-tags-count-beyond-bytes.bin"));

        Assert.Equal(new FuzzOutcome(false, "FormatException"), outcome);
    }

    /// <summary>
    /// A valid tag series with a gap after every round, so every round is a run of its own: the most the compact form
    /// the decoder builds costs per round. Must be accepted within the target's allocation bound.
    /// </summary>
    [Fact]
    public void TagSeriesDecode_WhenEveryRoundIsARunOfItsOwn_IsAcceptedWithinItsAllocationBound()
    {
        const int rounds = 60_000;
        var indices = new long[rounds];
        var tags = new long[rounds];
        for (int i = 0; i < rounds; i++)
        {
            indices[i] = 2L * i;
            tags[i] = (200L * i) + (i % 3);
        }

        ushort limit = ushort.MaxValue;
        byte[] input = [0, (byte)limit, (byte)(limit >> 8), .. QkdEdge.Station.Peer.TagSeriesCodec.Encode(indices, tags, 100)];

        var outcome = targets.Run("station-payloads", input);

        Assert.True(outcome.Accepted, outcome.ToString());
    }

    /// <summary>A round gap of 2^64 - 1, which plus one wrapped to a step of zero and escaped as an ArgumentException.</summary>
    [Fact]
    public void TagSeriesDecode_WhenAGapWrapsToAZeroStep_IsRefusedAsFormat()
    {
        var outcome = targets.Run("station-payloads", Corpus.Read("station-payloads", "case-tags-gap-wraps-to-zero-step.bin"));

        Assert.Equal(new FuzzOutcome(false, "FormatException"), outcome);
    }

    /// <summary>Two alignment ranges whose round counts sum past 2^63 - 1: the paired total overflowed (OverflowException) downstream.</summary>
    [Fact]
    public void AlignmentDecode_WhenRangeCountsOverflow_IsRefusedAsFormat()
    {
        var outcome = targets.Run("station-payloads", Corpus.Read("station-payloads", "case-alignment-counts-overflow.bin"));

        Assert.Equal(new FuzzOutcome(false, "FormatException"), outcome);
    }

    /// <summary>A plan announcement whose protocol name starts with a byte that is not UTF-8: refused, not compared as replacement characters.</summary>
    [Fact]
    public void HelloParametersDecode_WhenProtocolNameIsInvalidUtf8_IsRefusedAsFormat()
    {
        var outcome = targets.Run("station-payloads", Corpus.Read("station-payloads", "case-hello-invalid-utf8-name.bin"));

        Assert.Equal(new FuzzOutcome(false, "FormatException"), outcome);
    }
}
