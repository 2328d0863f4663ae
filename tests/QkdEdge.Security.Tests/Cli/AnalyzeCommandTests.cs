using System.CommandLine;
using System.Text.Json;
using QkdEdge.Cli;

namespace QkdEdge.Security.Tests.Cli;

public class AnalyzeCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = RootCommandFactory.Create().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Rate_WhenJson_PrintsOneObjectWithTheRequiredFields()
    {
        var (code, output, _) = Run("analyze", "rate", "--chsh", "2.7", "--qber", "0.02", "--rounds", "1e9", "--json");
        Assert.Equal(ExitCodes.Success, code);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(QkdEdge.Security.Asymptotic.ChshKeyRate.Rate(2.7, 0.02), root.GetProperty("asymptoticRate").GetDouble(), 12);
        long length = root.GetProperty("finiteKeyLength").GetInt64();
        Assert.True(length > 0);
        Assert.Equal(length / 1e9, root.GetProperty("finiteKeyRatePerRound").GetDouble(), 12);
        Assert.True(length <= 1e9 * root.GetProperty("asymptoticRate").GetDouble());
    }

    [Fact]
    public void Codes_WhenOneCode_PrintsAThresholdBelowItsShannonLimit()
    {
        var (code, output, _) = Run("analyze", "codes", "--rows", "24");
        Assert.Equal(ExitCodes.Success, code);
        var line = output.Split('\n').Single(l => l.TrimStart().StartsWith("24 ", StringComparison.Ordinal));
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(x => double.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(1 - (24 / 256.0), fields[1], 4);
        Assert.True(fields[3] < fields[2], $"threshold {fields[3]} not below the Shannon limit {fields[2]}");
        Assert.True(fields[4] > 1, $"f = {fields[4]} at the threshold");
    }

    [Theory]
    [InlineData("--rows", "25", "no shipped code has 25 base rows")]
    [InlineData("--error-rates", "0.6", "--error-rates")]
    public void Codes_WhenBadValue_ExitsWithBadInputNamingIt(string option, string value, string message)
    {
        var (code, _, error) = Run("analyze", "codes", option, value);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(message, error);
    }

    [Fact]
    public void Rate_WhenTable_PrintsTheTerms()
    {
        var (code, output, _) = Run("analyze", "rate", "--chsh", "2.677", "--qber", "0.0144", "--rounds", "1.5e6");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("finite-key length (bits)", output);
        Assert.Contains("privacy amplification", output);
    }

    [Theory]
    [InlineData("--chsh", "abc", "--chsh 'abc' is not a number")]
    [InlineData("--chsh", "3.5", "--chsh = 3.5 is out of range")]
    [InlineData("--qber", "0.7", "--qber = 0.7 is out of range")]
    [InlineData("--rounds", "1.5", "--rounds = 1.5 must be a whole number")]
    [InlineData("--soundness", "0", "--soundness = 0 is out of range")]
    public void Rate_WhenBadValue_ExitsWithBadInputNamingIt(string option, string value, string message)
    {
        var args = new List<string> { "analyze", "rate", "--chsh", "2.7", "--qber", "0.02", "--rounds", "1e6" };
        int at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        var (code, output, error) = Run([.. args]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(message, error);
        Assert.Equal(string.Empty, output);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void Rate_WhenRequiredValueMissing_ExitsWithBadInput()
    {
        var (code, _, error) = Run("analyze", "rate", "--chsh", "2.7", "--qber", "0.02");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--rounds is required", error);
    }

    [Fact]
    public void Rate_WhenUnknownArgument_ExitsWithBadInput()
    {
        var (code, _, error) = Run("analyze", "rate", "--chsh", "2.7", "--qber", "0.02", "--rounds", "1e6", "--frobnicate");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--frobnicate", error);
    }

    [Theory]
    [InlineData("analyze")]
    [InlineData("analyze", "rate")]
    [InlineData("analyze", "curve")]
    [InlineData("analyze", "plan")]
    public void Help_WhenAsked_DescribesTheCommandWithAnExample(params string[] path)
    {
        var (code, output, _) = Run([.. path, "--help"]);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("Example: qkdedge analyze", output);
    }

    [Fact]
    public void Curve_WhenRoundsWithPlot_PrintsTableAndWritesPng()
    {
        string path = Path.Combine(Path.GetTempPath(), $"qkdedge-curve-{Guid.NewGuid():N}.png");
        try
        {
            var (code, output, _) = Run("analyze", "curve", "--vs", "rounds", "--points", "2.771859:0.01", "--from", "1e6", "--to", "1e8", "--analysis", "original", "--plot", path);
            Assert.Equal(ExitCodes.Success, code);
            Assert.Contains("n_min", output);
            byte[] header = File.ReadAllBytes(path)[..8];
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, header);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Curve_WhenPlotHasUnknownExtension_ExitsWithBadInput()
    {
        var (code, _, error) = Run("analyze", "curve", "--vs", "noise", "--plot", "curve.gif");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("must end in .png or .svg", error);
    }

    [Fact]
    public void Plan_WhenTwoDistances_PrintsOneRowEach()
    {
        var (code, output, _) = Run("analyze", "plan", "--distances", "0,0.5", "--rounds", "1e8", "--detector-efficiency", "0.99", "--dark-counts", "1e-7");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(2, output.Split('\n').Count(l => l.TrimStart().StartsWith("0 ", StringComparison.Ordinal) || l.TrimStart().StartsWith("0.5 ", StringComparison.Ordinal)));
    }
}
