using System.CommandLine;
using System.Globalization;
using QkdEdge.Archive;

namespace QkdEdge.Cli.Commands.Archive;

/// <summary>
/// <c>qkdedge archive verify PATH</c>: checks the hash chain and every record, prints what the archive holds,
/// and exits with <see cref="ExitCodes.VerificationFailed"/> (naming the first bad byte and segment) unless the
/// archive is intact and sealed.
/// </summary>
public static class ArchiveVerifyCommand
{
    public static Command Create()
    {
        var path = new Argument<FileInfo>("path") { Description = "The archive file." };
        var allowOpen = new Option<bool>("--allow-open")
        {
            Description = "Accept an archive without a seal (one still being written). Truncation at a segment boundary then goes unnoticed unless --expect-head is given.",
        };
        var expectHead = new Option<string?>("--expect-head")
        {
            Description = "A head recorded earlier (SEGMENTS:SHA256HEX, e.g. from key provenance): the archive must contain that exact chain prefix.",
        };
        var command = new Command("verify", "Verify an archive's integrity and report what it holds.") { path, allowOpen, expectHead };
        command.Action = new InputCheckedAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var file = parseResult.GetValue(path)!;
            string? expected = parseResult.GetValue(expectHead);
            if (expected is not null && !TryParseHead(expected, out _, out _))
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"qkdedge: --expect-head '{expected}' is not SEGMENTS:SHA256HEX (a segment count, a colon, 64 hex digits).");
                return ExitCodes.BadInput;
            }
            if (!file.Exists)
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"qkdedge: no archive at {file.FullName}.");
                return ExitCodes.BadInput;
            }
            try
            {
                var report = ArchiveVerifier.Verify(file.FullName);
                Print(output, report);
                bool accepted = report.Integrity == ArchiveIntegrity.Intact
                    || (report.Integrity == ArchiveIntegrity.Open && parseResult.GetValue(allowOpen));
                if (accepted && expected is not null)
                    accepted = HeadMatches(file.FullName, expected, output);
                output.WriteLine(accepted ? "result: OK" : "result: FAILED");
                return accepted ? ExitCodes.Success : ExitCodes.VerificationFailed;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"qkdedge: the archive {file.FullName} cannot be read: {ex.Message}");
                return ExitCodes.BadInput;
            }
        });
        return command;
    }

    private static void Print(TextWriter output, ArchiveVerificationReport report)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine($"integrity: {report.Integrity}");
        if (report.Header is { } h)
            output.WriteLine(string.Create(c, $"archive: {h.ArchiveId} station {h.StationId}, format {h.FormatVersion}, {h.SettingAlphabet} settings, blocks of {h.BlockRounds} rounds, segments of {h.SegmentRounds} rounds"));
        output.WriteLine(string.Create(c, $"bytes: {report.FileBytes}"));
        output.WriteLine(string.Create(c, $"segments: {report.Segments}{(report.Sealed ? " (sealed)" : "")}"));
        output.WriteLine(string.Create(c, $"rounds: {report.Rounds}"));
        if (report.Rounds > 0 && report.Integrity is ArchiveIntegrity.Intact or ArchiveIntegrity.Open)
            output.WriteLine(string.Create(c, $"bytes per round: {report.BytesPerRound:F3}"));
        output.WriteLine(string.Create(c, $"blocks: {report.Blocks}"));
        output.WriteLine(string.Create(c, $"events: {report.Events}"));
        output.WriteLine(string.Create(c, $"epochs: {report.Epochs}"));
        output.WriteLine($"head: {report.Head}");
        if (report.Problem is not null)
            output.WriteLine($"problem: {report.Problem}");
        if (report.FirstBadOffset is long offset)
            output.WriteLine(string.Create(c, $"first bad byte: {offset} (segment {report.FirstBadSegment?.ToString(c) ?? "header"})"));
        if (report.TornBytes > 0)
            output.WriteLine(string.Create(c, $"torn tail: {report.TornBytes} bytes (a reopen drops them)"));
    }

    /// <summary>The recorded head must be a head this archive passed through: same hash after the same number of segments.</summary>
    private static bool HeadMatches(string path, string expected, TextWriter output)
    {
        TryParseHead(expected, out long segments, out string hex);
        if (!ArchiveVerifier.ContainsHead(path, new ArchiveHead(segments, hex.ToLowerInvariant())))
        {
            output.WriteLine($"problem: the archive does not contain the recorded head {expected}");
            return false;
        }
        output.WriteLine($"expected head: found at segment {segments}");
        return true;
    }

    private static bool TryParseHead(string text, out long segments, out string hex)
    {
        hex = "";
        segments = -1;
        int colon = text.IndexOf(':');
        if (colon <= 0 || !long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out segments))
            return false;
        hex = text[(colon + 1)..];
        return hex.Length == 64 && hex.All(Uri.IsHexDigit);
    }
}
