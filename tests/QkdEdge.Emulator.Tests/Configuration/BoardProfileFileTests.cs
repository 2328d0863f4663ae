using QkdEdge.Emulator.Configuration;
using QkdEdge.Firmware.Board;

namespace QkdEdge.Emulator.Tests.Configuration;

public sealed class BoardProfileFileTests
{
    [Fact]
    public void Load_WhenDefaultProfile_AgreesWithTheFirmwaresConstants()
    {
        // Two independent readings of hardware/boards/esp32-devkitc-v4.json: the embedded file, and
        // the constants the firmware keeps by hand for the board.
        var board = BoardProfileFile.Load(BoardProfileFile.DefaultId);
        var constants = Esp32DevKitCProfile.Create();

        Assert.Equal(constants.Id, board.Profile.Id);
        Assert.Equal(constants.TickFrequencyHz, board.Profile.TickFrequencyHz);
        Assert.Equal(constants.MaxBatchSize, board.Profile.MaxBatchSize);
        Assert.Equal(constants.MaxAlphabetSize, board.Profile.MaxAlphabetSize);
        Assert.Equal(constants.MinRoundPeriodTicks, board.Profile.MinRoundPeriodTicks);
        Assert.Equal(constants.MaxRoundPeriodTicks, board.Profile.MaxRoundPeriodTicks);
        Assert.Equal(constants.MinGateWidthTicks, board.Profile.MinGateWidthTicks);
        Assert.Equal(constants.MaxGateWidthTicks, board.Profile.MaxGateWidthTicks);
        Assert.Equal(Esp32DevKitCProfile.DetectorEnableOutPin, board.Pins.DetectorEnableOut);
        Assert.Equal(Esp32DevKitCProfile.RunningLedPin, board.Pins.RunningLed);
        Assert.Equal(Esp32DevKitCProfile.AlarmLedPin, board.Pins.AlarmLed);
        Assert.Equal(Esp32DevKitCProfile.Baud, board.Baud);
        Assert.Equal(Esp32DevKitCProfile.ClaimedMinEntropyPerSample, board.ClaimedMinEntropyPerSample);
    }

    [Fact]
    public void Load_WhenUnknownIdAndNoSuchFile_NamesTheKnownProfiles()
    {
        var error = Assert.Throws<ConfigurationException>(() => BoardProfileFile.Load("esp8266-nodemcu"));
        Assert.Contains(BoardProfileFile.DefaultId, error.Message);
    }

    [Fact]
    public void Parse_WhenLimitsContradictEachOther_Throws()
    {
        string json = """
            {"id":"bad","pins":{"gateOut":1,"settingOut":[2],"clickIn":[34],"triggerIn":36,"detectorEnableOut":3,"runningLed":4,"alarmLed":5},
             "serial":{"baud":115200,"wireBitsPerByte":10},"clocks":{"tickFrequencyHz":1000000},
             "limits":{"maxBatchSize":10,"maxAlphabetSize":2,"minRoundPeriodTicks":100,"maxRoundPeriodTicks":50,"minGateWidthTicks":1,"maxGateWidthTicks":2},
             "entropy":{"claimedMinEntropyPerSample":1}}
            """;
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        var error = Assert.Throws<ConfigurationException>(() => BoardProfileFile.Parse(stream, "bad.json"));
        Assert.Contains("bad.json", error.Message);
    }

    [Fact]
    public void Parse_WhenSectionMissing_NamesIt()
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes("""{"id":"x"}"""));
        var error = Assert.Throws<ConfigurationException>(() => BoardProfileFile.Parse(stream, "x.json"));
        Assert.Contains("pins", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
