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
    /// A test-selection payload whose block id is 33,667 bytes of invalid UTF-8: the text decodes with
    /// replacement characters (34 bytes allocated per invalid byte by the runtime), then the round
    /// count is missing. Reported as over the allocation bound, which had been set below that cost.
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
}
