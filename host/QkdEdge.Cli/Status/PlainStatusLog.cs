using System.Globalization;
using QkdEdge.Station.Status;
using F = QkdEdge.Cli.Status.StatusFormat;

namespace QkdEdge.Cli.Status;

/// <summary>
/// Log lines for output that is not a terminal: every station log entry, one line per finished block, and a
/// progress line per station every few seconds. Lines from several threads are written whole.
/// </summary>
internal sealed class PlainStatusLog : IDisposable
{
    /// <summary>Often enough to follow a block in a log, rarely enough not to flood it.</summary>
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    private readonly TextWriter _output;
    private readonly IReadOnlyList<StatusTracker> _trackers;
    private readonly object _gate = new();
    private readonly Timer _progress;

    public PlainStatusLog(TextWriter output, IReadOnlyList<StatusTracker> trackers)
    {
        _output = output;
        _trackers = trackers;
        foreach (var tracker in trackers)
        {
            var role = tracker.Snapshot().Role.ToString().ToLowerInvariant();
            tracker.Logged += entry => Write(entry.At, role, entry.Level.ToString().ToLowerInvariant(), entry.Message);
            tracker.BlockFinished += summary => Write(summary.FinishedAt, role, "block", Describe(summary));
        }

        _progress = new Timer(_ => WriteProgress(), null, ProgressInterval, ProgressInterval);
    }

    public static string Describe(BlockSummary b)
    {
        string stats = double.IsNaN(b.Chsh) ? "" : $"; S = {F.Chsh(b.Chsh)} [{F.Chsh(b.ChshLower)}, {F.Chsh(b.ChshUpper)}], abort below {F.Chsh(b.ChshThreshold)} (margin {F.Signed(b.ChshMargin)}), Q = {F.Percent(b.ErrorRate, "0.000")}";
        string result = b.ProducedKey
            ? $"key {b.KeyBits} bits (sha256 {b.KeySha256}), {F.Si(b.KeyRate)}bit/s"
            : $"aborted ({b.AbortCause}: {b.Detail})";
        return $"{b.BlockId} ({b.KeyBlockId}): {result}{stats}; {F.Si(b.PairedRounds)} paired rounds, {F.Bits(b.LeakedBits)} disclosed{(double.IsNaN(b.ReconciliationEfficiency) ? "" : $" (error correction at f = {F.Efficiency(b.ReconciliationEfficiency)})")}; collected in {F.Duration(b.CollectionTime)}, processed in {F.Duration(b.ProcessingTime)} (protocol {F.Duration(b.ProtocolTime)})";
    }

    public void Dispose() => _progress.Dispose();

    private void WriteProgress()
    {
        try
        {
            WriteProgressLines();
        }
        catch (Exception ex) when (ex is ObjectDisposedException or IOException)
        {
            // The output went away while a last tick ran (the command is finishing): a progress line is not worth a crash.
        }
    }

    private void WriteProgressLines()
    {
        foreach (var tracker in _trackers)
        {
            var s = tracker.Snapshot();
            if (ProgressLine(s) is { } line)
                Write(s.At, s.Role.ToString().ToLowerInvariant(), "progress", line);
        }
    }

    /// <summary>
    /// The block being collected and the block being processed (its stage, e.g. an error-correction round trip, and
    /// for how long), then the totals and links; null while the station neither collects nor processes a block.
    /// </summary>
    internal static string? ProgressLine(StationStatus s)
    {
        var parts = new List<string>(2);
        if (s.Collecting is { } c)
            parts.Add($"block {c.BlockIndex}: {F.Percent(c.Fraction, "0")} ({F.Si(c.RoundsCollected)} of {F.Si(c.BlockRounds)} rounds, {F.Si(c.RoundsPerSecond)} rounds/s, {F.Duration(c.Remaining)} left)");
        if (s.Processing is { } p)
            parts.Add($"processing block {p.BlockId}: {p.Stage} for {F.Duration(s.At - p.Since)}");
        if (parts.Count == 0)
            return null;
        return string.Join("; ", parts) + "; " +
            $"{s.Totals.Keys} keys, {s.Totals.Aborts} aborted; board {s.Board.Link.ToString().ToLowerInvariant()} ({s.Board.Frames} frames, {s.Board.SequenceGaps} gaps, {s.Board.Resyncs} resyncs, {s.Board.Reconnects} reconnects), " +
            $"peer {s.Peer.Link.ToString().ToLowerInvariant()} ({s.Peer.Reconnects} reconnects), rng {s.Board.Rng.ToString().ToLowerInvariant()}, auth pool {F.Bits(s.Peer.AuthBitsAvailableOut)}";
    }

    private void Write(DateTimeOffset at, string station, string kind, string message)
    {
        string line = string.Create(CultureInfo.InvariantCulture, $"{at.LocalDateTime:HH:mm:ss.fff} {station,-5} {kind,-8} {message}");
        lock (_gate)
        {
            _output.WriteLine(line);
            _output.Flush();
        }
    }
}
