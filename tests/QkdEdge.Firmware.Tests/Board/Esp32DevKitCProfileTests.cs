using System.Text.Json;
using QkdEdge.Firmware.Board;
using QkdEdge.Firmware.Tests.ApiCheck;
using QkdEdge.Wire.Frames;
using QkdEdge.Wire.Framing;

namespace QkdEdge.Firmware.Tests.Board;

/// <summary>
/// hardware/boards/esp32-devkitc-v4.json is what the emulator and people read; Esp32DevKitCProfile is
/// the firmware's copy. These tests keep the two equal and check the numbers that follow from others.
/// </summary>
public sealed class Esp32DevKitCProfileTests
{
    private static readonly JsonElement Json = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(RepositoryLayout.BoardProfiles, Esp32DevKitCProfile.Id + ".json"))).RootElement;

    private static JsonElement At(string path)
    {
        var element = Json;
        foreach (string part in path.Split('.'))
            element = element.GetProperty(part);
        return element;
    }

    public static TheoryData<string, object> Mirrored() => new()
    {
        { "id", Esp32DevKitCProfile.Id },
        { "pins.gateOut", Esp32DevKitCProfile.GateOutPin },
        { "pins.settingOut.0", Esp32DevKitCProfile.SettingOutPin0 },
        { "pins.settingOut.1", Esp32DevKitCProfile.SettingOutPin1 },
        { "pins.clickIn.0", Esp32DevKitCProfile.ClickInPin0 },
        { "pins.clickIn.1", Esp32DevKitCProfile.ClickInPin1 },
        { "pins.triggerIn", Esp32DevKitCProfile.TriggerInPin },
        { "pins.detectorEnableOut", Esp32DevKitCProfile.DetectorEnableOutPin },
        { "pins.runningLed", Esp32DevKitCProfile.RunningLedPin },
        { "pins.alarmLed", Esp32DevKitCProfile.AlarmLedPin },
        { "pins.uartTx", Esp32DevKitCProfile.UartTxPin },
        { "pins.uartRx", Esp32DevKitCProfile.UartRxPin },
        { "pins.qrngSpiClock", Esp32DevKitCProfile.QrngSpiClockPin },
        { "pins.qrngSpiMiso", Esp32DevKitCProfile.QrngSpiMisoPin },
        { "pins.qrngSpiMosi", Esp32DevKitCProfile.QrngSpiMosiPin },
        { "pins.qrngSpiChipSelect", Esp32DevKitCProfile.QrngSpiChipSelectPin },
        { "serial.port", Esp32DevKitCProfile.SerialPort },
        { "serial.baud", Esp32DevKitCProfile.Baud },
        { "serial.wireBitsPerByte", Esp32DevKitCProfile.WireBitsPerByte },
        { "clocks.tickFrequencyHz", (long)Esp32DevKitCProfile.TickFrequencyHz },
        { "clocks.rmtSourceClockHz", Esp32DevKitCProfile.RmtSourceClockHz },
        { "clocks.rmtClockDivider", Esp32DevKitCProfile.RmtClockDivider },
        { "clocks.rmtMaxDurationTicks", Esp32DevKitCProfile.RmtMaxDurationTicks },
        { "clocks.rmtReceiveIdleThresholdTicks", Esp32DevKitCProfile.RmtReceiveIdleThresholdTicks },
        { "clocks.rmtReceiveFilterApbCycles", Esp32DevKitCProfile.RmtReceiveFilterApbCycles },
        { "clocks.highResTimerResolutionNanoseconds", Esp32DevKitCProfile.HighResTimerResolutionNanoseconds },
        { "clocks.clickStretchTicks", Esp32DevKitCProfile.ClickStretchTicks },
        { "limits.maxBatchSize", Esp32DevKitCProfile.MaxBatchSize },
        { "limits.maxAlphabetSize", Esp32DevKitCProfile.MaxAlphabetSize },
        { "limits.minRoundPeriodTicks", (long)Esp32DevKitCProfile.MinRoundPeriodTicks },
        { "limits.maxRoundPeriodTicks", (long)Esp32DevKitCProfile.MaxRoundPeriodTicks },
        { "limits.minGateWidthTicks", (long)Esp32DevKitCProfile.MinGateWidthTicks },
        { "limits.maxGateWidthTicks", (long)Esp32DevKitCProfile.MaxGateWidthTicks },
        { "entropy.sampleBits", Esp32DevKitCProfile.EntropySampleBits },
        { "entropy.claimedMinEntropyPerSample", Esp32DevKitCProfile.ClaimedMinEntropyPerSample },
        { "entropy.onChipEntropyEnabledInImage", Esp32DevKitCProfile.OnChipEntropyEnabledInImage },
    };

    [Theory]
    [MemberData(nameof(Mirrored))]
    public void Constant_WhenComparedWithTheJsonProfile_IsEqual(string path, object constant)
    {
        string[] parts = path.Split('.');
        JsonElement element = int.TryParse(parts[^1], out int index)
            ? At(string.Join('.', parts[..^1]))[index]
            : At(path);

        object value = constant switch
        {
            string => element.GetString()!,
            bool => element.GetBoolean(),
            double => element.GetDouble(),
            long => element.GetInt64(),
            _ => element.GetInt32(),
        };

        Assert.Equal(constant, value);
    }

    /// <summary>
    /// The largest round rate the link carries: a batch of n rounds leaves as one Rounds frame of
    /// header + payload + CRC bytes, COBS adds at most one code byte per 254 and the delimiter one
    /// more, and the UART spends 10 bit times per byte (8N1). Rate = baud / (wire bits per batch / n).
    /// Computed from the wire protocol's own layout, so a change of frame format shows up here.
    /// </summary>
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void MaxRoundRate_WhenRecomputedFromBaudAndFrameFormat_MatchesTheProfile(int alphabet)
    {
        int n = At("link.batchSizeForRate").GetInt32();
        int frame = WireLimits.HeaderBytes + RoundsFrameLayout.PayloadLength(n, alphabet, 0) + WireLimits.CrcBytes;
        int wireBytes = Cobs.MaxEncodedLength(frame) + 1;
        double bitsPerRound = wireBytes * (double)Esp32DevKitCProfile.WireBitsPerByte / n;
        long expected = (long)Math.Floor(Esp32DevKitCProfile.Baud / bitsPerRound);

        Assert.Equal(Esp32DevKitCProfile.MaxBatchSize, n);
        Assert.Equal(expected, At("link.maxRoundRateHz." + alphabet).GetInt64());
    }

    [Fact]
    public void Limits_WhenCheckedAgainstThePeripherals_AreConsistent()
    {
        // Tick = RMT clock: 80 MHz APB / divider.
        Assert.Equal((uint)(Esp32DevKitCProfile.RmtSourceClockHz / Esp32DevKitCProfile.RmtClockDivider), Esp32DevKitCProfile.TickFrequencyHz);
        // Every RMT duration (period halves, gate, lead, tail) fits 15 bits, and a receiver does not
        // time out between two pulses of a batch.
        Assert.True(Esp32DevKitCProfile.MaxRoundPeriodTicks <= Esp32DevKitCProfile.RmtMaxDurationTicks);
        Assert.True(Esp32DevKitCProfile.MaxRoundPeriodTicks < Esp32DevKitCProfile.RmtReceiveIdleThresholdTicks);
        // A click pulse (gate OR one-shot) must be told apart from a dark gate and end before the next round.
        Assert.True(Esp32DevKitCProfile.MaxGateWidthTicks < Esp32DevKitCProfile.ClickStretchTicks);
        Assert.True(Esp32DevKitCProfile.MaxGateWidthTicks + Esp32DevKitCProfile.ClickStretchTicks < Esp32DevKitCProfile.MinRoundPeriodTicks);
        // The shortest gate survives the receiver's glitch filter: 40 APB cycles = 5 ticks at divider 8.
        Assert.True(Esp32DevKitCProfile.MinGateWidthTicks * Esp32DevKitCProfile.RmtClockDivider >= 2 * Esp32DevKitCProfile.RmtReceiveFilterApbCycles);
        // Two RMT memory blocks of 64 items per receiver, one item as end marker.
        Assert.True(Esp32DevKitCProfile.MaxBatchSize <= 2 * 64 - 1);
        // Two setting lines carry settings 0..3.
        Assert.Equal(4, Esp32DevKitCProfile.MaxAlphabetSize);
        // The link carries the fastest allowed round rate at every alphabet the board allows.
        long fastest = Esp32DevKitCProfile.TickFrequencyHz / Esp32DevKitCProfile.MinRoundPeriodTicks;
        for (int k = 2; k <= Esp32DevKitCProfile.MaxAlphabetSize; k++)
            Assert.True(At("link.maxRoundRateHz." + k).GetInt64() >= fastest);
    }

    [Fact]
    public void Create_WhenCalled_CarriesTheLimitsIntoTheCoreProfile()
    {
        BoardProfile profile = Esp32DevKitCProfile.Create();

        Assert.Equal(Esp32DevKitCProfile.Id, profile.Id);
        Assert.Equal(Esp32DevKitCProfile.MaxBatchSize, profile.MaxBatchSize);
        Assert.Equal(Esp32DevKitCProfile.MaxGateWidthTicks, profile.MaxGateWidthTicks);
        Assert.Equal(Esp32DevKitCProfile.TickFrequencyHz, profile.TickFrequencyHz);
    }
}
