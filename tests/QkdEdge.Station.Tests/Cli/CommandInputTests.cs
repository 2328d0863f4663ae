using System.CommandLine;
using QkdEdge.Archive;
using QkdEdge.Cli;
using QkdEdge.Rounds;
using QkdEdge.Station.Tests.Support;

namespace QkdEdge.Station.Tests.Cli;

/// <summary>
/// Bad flags of the archive, analyze and bench commands, and those groups called without a subcommand: one line naming the value and the option (or the subcommands), exit
/// code <see cref="ExitCodes.BadInput"/>, no stack trace and no usage dump on standard output.
/// </summary>
public sealed class CommandInputTests
{
    public static TheoryData<string[], string> ParserRejects => new()
    {
        { ["archive", "export", "rounds.qka", "--block", "abc", "--out", "x.csv"], "'abc' for option '--block'" },
        { ["archive", "export", "--block", "1", "--out", "x.csv"], "Required argument 'path' missing" },
        { ["archive", "export", "rounds.qka", "--out", "x.csv"], "Option '--block' is required" },
        { ["archive", "verify"], "Required argument 'path' missing" },
        { ["archive", "verify", "rounds.qka", "--allow-open", "maybe"], "maybe" },
        { ["bench", "wire", "--frames", "10"], "--frames" },
        { ["analyze", "rate", "--chsh"], "--chsh" },
        { ["analyze", "plan", "--plot"], "--plot" },
        { ["bench", "distill", "--quik"], "'--quik'" },
    };

    public static TheoryData<string[], string, string> MissingSubcommand => new()
    {
        { [], "qkdedge: ", "analyze, archive, bench, station, demo" },
        { ["archive"], "qkdedge archive: ", "verify, export" },
        { ["bench"], "qkdedge bench: ", "wire, distill" },
        { ["analyze"], "qkdedge analyze: ", "rate, curve, plan, codes" },
    };

    [Theory]
    [MemberData(nameof(MissingSubcommand))]
    public async Task Invoke_WhenAGroupIsCalledWithoutASubcommand_ExitsWithBadInputNamingTheSubcommands(string[] args, string prefix, string names)
    {
        var (code, output, error) = await RunAsync(args);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.StartsWith(prefix + "a subcommand is required: " + names, error);
        Assert.Equal("", output);
    }

    [Theory]
    [MemberData(nameof(ParserRejects))]
    public async Task Invoke_WhenTheParserRejectsAFlag_ExitsWithBadInputNamingIt(string[] args, string named)
    {
        var (code, output, error) = await RunAsync(args);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(named, error);
        Assert.StartsWith($"qkdedge {args[0]} {args[1]}: ", error);
        Assert.DoesNotContain("   at ", error);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task Invoke_WhenHelpIsAskedOfACheckedCommand_StillPrintsHelp()
    {
        var (code, output, _) = await RunAsync("archive", "export", "--help");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("--block", output);
    }

    [Fact]
    public async Task ArchiveExport_WhenTheOutputFolderDoesNotExist_ExitsWithBadInputNamingOut()
    {
        using var directory = new TempDirectory();
        string archive = WriteArchive(directory);
        string target = Path.Combine(directory.Path, "missing", "block.csv");

        var (code, _, error) = await RunAsync("archive", "export", archive, "--block", "0", "--out", target);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.StartsWith($"qkdedge: --out {target} cannot be written", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task ArchiveExport_WhenTheArchiveHoldsTheBlock_WritesItAndSucceeds()
    {
        using var directory = new TempDirectory();
        string archive = WriteArchive(directory);
        string target = directory.File("block.csv");

        var (code, output, _) = await RunAsync("archive", "export", archive, "--block", "0", "--out", target);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("block 0: 100 rounds", output);
        Assert.Equal(101, File.ReadAllLines(target).Length);
    }

    [Fact]
    public async Task AnalyzePlan_WhenThePlotFolderDoesNotExist_ExitsWithBadInputNamingPlot()
    {
        string plot = Path.Combine(Path.GetTempPath(), $"qkdedge-{Guid.NewGuid():N}", "plan.png");

        var (code, _, error) = await RunAsync("analyze", "plan", "--distances", "0", "--plot", plot);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains($"--plot '{plot}': the folder", error);
        Assert.Contains("does not exist", error);
    }

    /// <summary>An archive of one cut block of 100 rounds.</summary>
    private static string WriteArchive(TempDirectory directory)
    {
        string path = directory.File("rounds.qka");
        using var writer = ArchiveWriter.Create(path, new ArchiveOptions { StationId = 3, SettingAlphabet = 2, BlockRounds = 1000 });
        var batch = new RoundBatch(100) { StationId = 3, FirstRound = 0, Count = 100 };
        for (int i = 0; i < 100; i++)
            batch.TimeTags[i] = 1000L * i;
        writer.Append(batch);
        writer.CutOpenBlock();
        return path;
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await RootCommandFactory.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
