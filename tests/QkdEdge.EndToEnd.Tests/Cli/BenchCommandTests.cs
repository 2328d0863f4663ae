using System.Text.Json;

namespace QkdEdge.EndToEnd.Tests.Cli;

/// <summary><c>qkdedge-emulator bench</c>: its output format (the figure itself is the bench's to report).</summary>
public sealed class BenchCommandTests
{
    [Fact]
    public async Task Bench_WhenJson_PrintsOneObjectWithRoundsPerSecond()
    {
        var (code, output, _) = await EmulatorCli.Run("bench", "--json", "--rounds", "24000", "--warmup", "2400");

        Assert.Equal(0, code);
        string line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        using var json = JsonDocument.Parse(line);
        Assert.True(json.RootElement.GetProperty("roundsPerSecond").GetDouble() > 0);
        Assert.Equal(24_000, json.RootElement.GetProperty("rounds").GetInt64());
        Assert.Equal(2, json.RootElement.GetProperty("boards").GetInt32());
    }

    [Fact]
    public async Task Bench_WhenRoundsNotPositive_Fails()
    {
        var (code, _, error) = await EmulatorCli.Run("bench", "--rounds", "0");
        Assert.Equal(1, code);
        Assert.Contains("--rounds must be positive", error);
    }
}
