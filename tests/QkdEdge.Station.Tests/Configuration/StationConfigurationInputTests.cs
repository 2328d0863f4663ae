using Microsoft.Extensions.Configuration;
using QkdEdge.Station.Configuration;

namespace QkdEdge.Station.Tests.Configuration;

/// <summary>Values an operator can get wrong that only showed up once the station ran: now refused up front, naming key and value.</summary>
public sealed class StationConfigurationInputTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["role"] = "bob",
        ["dataDirectory"] = Path.Combine(Path.GetTempPath(), "qkdedge-station-input"),
        ["board:port"] = "/dev/ttyUSB0",
        ["board:roundPeriodTicks"] = "100",
        ["board:gateWidthTicks"] = "20",
        ["peer:host"] = "alice.lab",
        ["protocol:expectedChsh"] = "2.8",
        ["protocol:expectedErrorRate"] = "0.005",
    };

    [Theory]
    [InlineData("alice lab")]
    [InlineData("alice.lab:7420")]
    [InlineData("http://alice.lab")]
    public void TryRead_WhenPeerHostIsNotAHostOrAddress_NamesKeyAndValue(string host)
    {
        var values = new Dictionary<string, string?>(Valid) { ["peer:host"] = host };

        Assert.False(StationConfigurationReader.TryRead(Build(values), out _, out var errors));

        Assert.Contains(errors, e => e.StartsWith($"peer:host = '{host}' is neither a host name nor an IP address", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("alice.lab")]
    [InlineData("192.168.7.2")]
    [InlineData("::1")]
    public void TryRead_WhenPeerHostIsANameOrAddress_AcceptsIt(string host)
    {
        var values = new Dictionary<string, string?>(Valid) { ["peer:host"] = host };

        Assert.True(StationConfigurationReader.TryRead(Build(values), out var options, out var errors), string.Join("; ", errors));
        Assert.Equal(host, options!.Peer.Host);
    }

    [Fact]
    public void TryRead_WhenDataDirectoryIsAFile_NamesKeyAndValue()
    {
        string file = Path.GetTempFileName();
        try
        {
            var values = new Dictionary<string, string?>(Valid) { ["dataDirectory"] = file };

            Assert.False(StationConfigurationReader.TryRead(Build(values), out _, out var errors));

            Assert.Contains(errors, e => e == $"dataDirectory = '{file}' is a file, not a folder.");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void TryRead_WhenDataDirectoryHoldsANulCharacter_NamesKeyAndValue()
    {
        var values = new Dictionary<string, string?>(Valid) { ["dataDirectory"] = "/var/lib/qkd\0edge" };

        Assert.False(StationConfigurationReader.TryRead(Build(values), out _, out var errors));

        Assert.Contains(errors, e => e.StartsWith("dataDirectory = '/var/lib/qkd\0edge' is not a usable path", StringComparison.Ordinal));
    }

    [Fact]
    public void TryRead_WhenPreSharedKeyIsShorterThanTheHashKey_NamesKeyAndLength()
    {
        string secret = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(secret, new byte[31]);
            var values = new Dictionary<string, string?>(Valid) { ["peer:preSharedKey"] = secret };

            Assert.False(StationConfigurationReader.TryRead(Build(values), out _, out var errors));

            Assert.Contains(errors, e => e.StartsWith($"peer:preSharedKey = '{secret}' holds 31 bytes", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Theory]
    [InlineData("board:baud", "fast", "board:baud = 'fast' is not a whole number.")]
    [InlineData("board:commandTimeoutSeconds", "0", "board:commandTimeoutSeconds = 0 is out of range")]
    [InlineData("protocol:soundness", "1e400", "protocol:soundness = '1e400' is not a number.")]
    [InlineData("board:stopOnExit", "yes", "board:stopOnExit = 'yes' is not one of true, false.")]
    [InlineData("metrics:port", "-1", "metrics:port = -1 is out of range: it must lie in 0..65535.")]
    [InlineData("board:detectorDeadTimeNanoseconds", "0", "board:detectorDeadTimeNanoseconds = 0 is out of range")]
    [InlineData("board:detectorDeadTimeNanoseconds", "fast", "board:detectorDeadTimeNanoseconds = 'fast' is not a number.")]
    public void TryRead_WhenAValueIsBad_ReportsItWithItsKey(string key, string value, string message)
    {
        var values = new Dictionary<string, string?>(Valid) { [key] = value };

        Assert.False(StationConfigurationReader.TryRead(Build(values), out _, out var errors));

        Assert.Contains(errors, e => e.StartsWith(message, StringComparison.Ordinal));
    }

    private static IConfiguration Build(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
