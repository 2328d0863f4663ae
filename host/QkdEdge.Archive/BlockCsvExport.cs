using System.Globalization;

namespace QkdEdge.Archive;

/// <summary>
/// Writes one block as plain CSV for offline analysis (docs/archive-format.md, "Block export"):
/// a header line <c>round,setting,clicks,timetag</c>, then one line per round in round order, invariant culture,
/// '\n' line ends; clicks is the raw 2-bit pattern (0 none, 1 detector 0, 2 detector 1, 3 both).
/// </summary>
public static class BlockCsvExport
{
    public const string HeaderLine = "round,setting,clicks,timetag";

    /// <summary>Returns the number of rounds written.</summary>
    public static long Write(ArchiveReader reader, long blockId, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(output);
        output.Write(HeaderLine);
        output.Write('\n');
        long rounds = 0;
        foreach (var batch in reader.ReadBlock(blockId))
        {
            for (int i = 0; i < batch.Count; i++)
            {
                output.Write((batch.FirstRound + i).ToString(CultureInfo.InvariantCulture));
                output.Write(',');
                output.Write(batch.Settings[i].ToString(CultureInfo.InvariantCulture));
                output.Write(',');
                output.Write(batch.Clicks[i].ToString(CultureInfo.InvariantCulture));
                output.Write(',');
                output.Write(batch.TimeTags[i].ToString(CultureInfo.InvariantCulture));
                output.Write('\n');
            }
            rounds += batch.Count;
        }
        return rounds;
    }
}
