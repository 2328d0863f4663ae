using QkdEdge.Archive;

namespace QkdEdge.Reliability.Tests.Simulation;

/// <summary>The archive invariants of one station after a schedule.</summary>
internal static class ArchiveCheck
{
    public static (long Produced, long Archived, long Lost) Check(string station, string path, IReadOnlyList<BoardTruth> boots, List<string> violations)
    {
        long produced = boots.Sum(b => b.Rounds);
        var report = ArchiveVerifier.Verify(path);
        if (report.Integrity != ArchiveIntegrity.Intact)
            violations.Add($"{station}: archive is {report.Integrity}: {report.Problem}");
        using var reader = ArchiveReader.Open(path);
        long archived = 0, wrong = 0;
        foreach (var block in reader.Blocks)
        {
            if (block.Epoch >= boots.Count)
            {
                violations.Add($"{station}: block {block.BlockId} is in epoch {block.Epoch}, but the boards booted only {boots.Count} time(s)");
                continue;
            }

            var truth = boots[(int)block.Epoch];
            foreach (var batch in reader.ReadBlock(block.BlockId))
            {
                for (int i = 0; i < batch.Count; i++)
                {
                    long round = batch.FirstRound + i;
                    if (round >= truth.Rounds || truth.Settings[round] != batch.Settings[i] || truth.Clicks[round] != batch.Clicks[i])
                        wrong++;
                }

                archived += batch.Count;
            }
        }

        long lost = reader.Events.Where(e => e.Kind == ArchiveEventKind.RoundGap).Sum(e => e.Value);
        if (wrong > 0)
            violations.Add($"{station}: {wrong} archived rounds differ from what the board sent");
        if (archived != report.Rounds)
            violations.Add($"{station}: blocks hold {archived} rounds, the verifier counts {report.Rounds}");
        if (archived != produced - lost)
            violations.Add($"{station}: archived {archived} rounds, but the board produced {produced} and {lost} were counted lost (difference {produced - lost - archived})");
        return (produced, archived, lost);
    }
}
