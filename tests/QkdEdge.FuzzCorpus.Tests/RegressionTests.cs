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
}
