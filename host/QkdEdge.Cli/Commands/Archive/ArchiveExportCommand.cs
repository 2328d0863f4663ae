using System.CommandLine;
using System.Globalization;
using QkdEdge.Archive;

namespace QkdEdge.Cli.Commands.Archive;

/// <summary><c>qkdedge archive export PATH --block N --out FILE</c>: one block as CSV (round,setting,clicks,timetag).</summary>
public static class ArchiveExportCommand
{
    public static Command Create()
    {
        var path = new Argument<FileInfo>("path") { Description = "The archive file." };
        var block = new Option<long>("--block", "-b") { Description = "Block id (0-based, as verify counts them).", Required = true };
        var output = new Option<FileInfo>("--out", "-o") { Description = "CSV file to write.", Required = true };
        var command = new Command("export", "Export one block's rounds as CSV for offline analysis.") { path, block, output };
        command.Action = new InputCheckedAction(parseResult =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            var file = parseResult.GetValue(path)!;
            long blockId = parseResult.GetValue(block);
            var target = parseResult.GetValue(output)!;
            if (!file.Exists)
            {
                error.WriteLine($"qkdedge: no archive at {file.FullName}.");
                return ExitCodes.BadInput;
            }
            ArchiveReader reader;
            try
            {
                reader = ArchiveReader.Open(file.FullName);
            }
            catch (ArchiveCorruptException ex)
            {
                error.WriteLine($"qkdedge: {ex.Message}");
                return ExitCodes.VerificationFailed;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"qkdedge: the archive {file.FullName} cannot be read: {ex.Message}");
                return ExitCodes.BadInput;
            }
            using (reader)
            {
                if (blockId < 0 || blockId >= reader.Blocks.Count)
                {
                    error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"qkdedge: block {blockId} is not in the archive (it holds {reader.Blocks.Count} cut blocks)."));
                    return ExitCodes.BadInput;
                }
                long rounds;
                try
                {
                    using var writer = new StreamWriter(target.FullName, append: false);
                    rounds = BlockCsvExport.Write(reader, blockId, writer);
                }
                catch (ArchiveCorruptException ex)
                {
                    error.WriteLine($"qkdedge: {ex.Message}");
                    return ExitCodes.VerificationFailed;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    error.WriteLine($"qkdedge: --out {target.FullName} cannot be written: {ex.Message}");
                    return ExitCodes.BadInput;
                }
                parseResult.InvocationConfiguration.Output.WriteLine(
                    string.Create(CultureInfo.InvariantCulture, $"block {blockId}: {rounds} rounds written to {target.FullName}"));
                return ExitCodes.Success;
            }
        });
        return command;
    }
}
