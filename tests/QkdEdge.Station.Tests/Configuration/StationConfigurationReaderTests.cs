using Microsoft.Extensions.Configuration;
using QkdEdge.Protocol.Engine;
using QkdEdge.Station.Configuration;

namespace QkdEdge.Station.Tests.Configuration;

public sealed class StationConfigurationReaderTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["role"] = "bob",
        ["dataDirectory"] = "/var/lib/qkdedge",
        ["board:port"] = "/dev/ttyUSB0",
        ["board:roundPeriodTicks"] = "100",
        ["board:gateWidthTicks"] = "20",
        ["peer:host"] = "alice.lab",
        ["protocol:expectedChsh"] = "2.8",
        ["protocol:expectedErrorRate"] = "0.005",
    };

    [Fact]
    public void TryRead_WhenBobGivesOnlyRequiredKeys_DialsTheDefaultPortWithDefaults()
    {
        Assert.True(StationConfigurationReader.TryRead(Build(Valid), out var options, out var errors), string.Join("; ", errors));

        Assert.Equal(StationRole.Bob, options!.Role);
        Assert.Equal((PeerConnectMode.Connect, "alice.lab", StationConfigurationReader.DefaultPeerPort), (options.Peer.Mode, options.Peer.Host, options.Peer.Port));
        Assert.Equal((100u, 20u, 2_000_000), (options.Board.RoundPeriodTicks, options.Board.GateWidthTicks, options.Board.BaudRate));
        Assert.Equal((2.8, 0.005, 1e-10), (options.Protocol.ExpectedChsh, options.Protocol.ExpectedErrorRate, options.Protocol.Soundness));
    }

    [Fact]
    public void TryRead_WhenTheDetectorDeadTimeIsGiven_DerivesTheHighestClickRate()
    {
        Assert.True(StationConfigurationReader.TryRead(Build(Valid), out var unset, out _));
        Assert.Null(unset!.Board.DetectorMaxClickRateHz);

        var values = new Dictionary<string, string?>(Valid) { ["board:detectorDeadTimeNanoseconds"] = "40" };
        Assert.True(StationConfigurationReader.TryRead(Build(values), out var options, out var errors), string.Join("; ", errors));

        Assert.Equal(40, options!.Board.DetectorDeadTimeNanoseconds);
        Assert.Equal(2.5e7, options.Board.DetectorMaxClickRateHz!.Value, 1e-3);
    }

    [Fact]
    public void TryRead_WhenAliceHasNoPeerHost_ListensOnAllAddresses()
    {
        var values = new Dictionary<string, string?>(Valid) { ["role"] = "Alice", ["peer:host"] = null };

        Assert.True(StationConfigurationReader.TryRead(Build(values), out var options, out _));
        Assert.Equal((PeerConnectMode.Listen, "0.0.0.0"), (options!.Peer.Mode, options.Peer.Host));
    }

    [Fact]
    public void TryRead_WhenValuesAreBad_NamesEachKeyAndValue()
    {
        var values = new Dictionary<string, string?>(Valid)
        {
            ["role"] = "carol",
            ["board:roundPeriodTicks"] = "fast",
            ["protocol:expectedChsh"] = "3.1",
            ["peer:port"] = "70000",
        };

        Assert.False(StationConfigurationReader.TryRead(Build(values), out var options, out var errors));

        Assert.Null(options);
        Assert.Contains(errors, e => e.Contains("role = 'carol'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("board:roundPeriodTicks = 'fast'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("protocol:expectedChsh = 3.1", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("peer:port = 70000", StringComparison.Ordinal));
    }

    [Fact]
    public void TryRead_WhenCalibrationIsMissing_SaysWhereItComesFrom()
    {
        var values = new Dictionary<string, string?>(Valid) { ["protocol:expectedChsh"] = null };

        Assert.False(StationConfigurationReader.TryRead(Build(values), out _, out var errors));

        Assert.Contains(errors, e => e.StartsWith("protocol:expectedChsh is required", StringComparison.Ordinal) && e.Contains("calibrated", StringComparison.Ordinal));
    }

    [Fact]
    public void TryRead_WhenGateIsNotShorterThanPeriod_Refuses()
    {
        var values = new Dictionary<string, string?>(Valid) { ["board:gateWidthTicks"] = "100" };

        Assert.False(StationConfigurationReader.TryRead(Build(values), out _, out var errors));
        Assert.Contains(errors, e => e.Contains("must be shorter than board:roundPeriodTicks", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, -1)]
    [InlineData("3", 3)]
    [InlineData("1", 1)]
    public void TryRead_WhenDecodingThreadsAreGivenOrNot_TakesThemOrEveryCore(string? given, int expected)
    {
        var values = new Dictionary<string, string?>(Valid) { ["engine:decodingThreads"] = given };

        Assert.True(StationConfigurationReader.TryRead(Build(values), out var options, out var errors), string.Join("; ", errors));
        Assert.Equal(expected < 0 ? Environment.ProcessorCount : expected, options!.DecodingThreads);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("257")]
    [InlineData("all")]
    public void TryRead_WhenDecodingThreadsAreOutOfRange_NamesTheKeyAndValue(string given)
    {
        var values = new Dictionary<string, string?>(Valid) { ["engine:decodingThreads"] = given };

        Assert.False(StationConfigurationReader.TryRead(Build(values), out var options, out var errors));
        Assert.Null(options);
        Assert.Contains(errors, e => e.Contains($"engine:decodingThreads = {given}", StringComparison.Ordinal) || e.Contains($"engine:decodingThreads = '{given}'", StringComparison.Ordinal));
    }

    private static IConfiguration Build(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
