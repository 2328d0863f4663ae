using QkdEdge.Fuzz;

namespace QkdEdge.FuzzCorpus.Tests;

/// <summary>
/// Every committed input, through its target: the target itself checks the contract (documented
/// results only, decoders agreeing, bounded allocation) and throws when it is broken.
/// </summary>
[Collection(FuzzTargetCollection.Name)]
public sealed class CorpusReplayTests(WarmTargets targets)
{
    public static TheoryData<string, string> Inputs => Corpus.AllInputs();

    public static TheoryData<string, string> ValidSeeds => Corpus.ValidSeeds();

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Run_WhenCommittedInputIsReplayed_KeepsTheContract(string target, string file)
    {
        var outcome = targets.Run(target, Corpus.Read(target, file));

        Assert.False(string.IsNullOrWhiteSpace(outcome.Result));
    }

    [Theory]
    [MemberData(nameof(ValidSeeds))]
    public void Run_WhenSeedFromValidEncodingIsReplayed_IsAccepted(string target, string file)
    {
        var outcome = targets.Run(target, Corpus.Read(target, file));

        Assert.True(outcome.Accepted, $"{target}/{file}: {outcome}");
    }

    [Fact]
    public void Corpus_WhenListed_HoldsSeedsForEveryTarget()
    {
        foreach (string target in FuzzTargets.Names)
            Assert.Contains(Corpus.Files(target), f => Path.GetFileName(f).StartsWith("seed-", StringComparison.Ordinal));
    }

    [Fact]
    public void Corpus_WhenListed_HoldsAcceptedSeedsForEveryTargetAnOutsiderCanPass()
    {
        // Without the authentication key nothing passes the raw peer session: its seeds are recorded
        // sessions that fail at the tag, which is as deep as an outsider gets.
        foreach (string target in FuzzTargets.Names.Where(t => t != "peer-session"))
            Assert.Contains(Corpus.Files(target), f => Path.GetFileName(f).StartsWith("seed-valid-", StringComparison.Ordinal));
    }

    [Fact]
    public void Corpus_WhenMeasured_StaysSmallEnoughToReplayOnEveryBuild()
    {
        var files = Directory.EnumerateFiles(Corpus.Folder, "*", SearchOption.AllDirectories).ToList();

        Assert.InRange(files.Count, 1, 400);
        Assert.InRange(files.Sum(f => new FileInfo(f).Length), 1, 4L * 1024 * 1024);
    }
}
