using QkdEdge.Firmware.Board.Esp32;

namespace QkdEdge.Firmware.Tests.Board;

/// <summary>The RMT waveforms, decoded back into levels per tick and checked against the round plan.</summary>
public sealed class RoundWaveformsTests
{
    [Fact]
    public void RmtItems_Write_MatchesTheNativeItemLayout()
    {
        var buffer = new byte[4];

        RmtItems.Write(buffer, 0, 0x1234, true, 0x0056, false);

        // duration0 low byte, then high bits with level0 in bit 7; the same for duration1/level1
        // (nanoFramework RmtCommandSerializer).
        Assert.Equal(new byte[] { 0x34, 0x12 | 0x80, 0x56, 0x00 }, buffer);
    }

    [Fact]
    public void WriteGate_WhenBatchHasThreeRounds_OpensOneCentredGatePerRound()
    {
        const uint period = 100, gate = 20;
        var buffer = new byte[RoundWaveforms.Length(3)];

        int length = RoundWaveforms.WriteGate(buffer, 3, period, gate);
        var levels = Expand(buffer, length);

        Assert.Equal(3 * (int)period, levels.Count);
        for (int round = 0; round < 3; round++)
        {
            var slice = levels.Skip(round * (int)period).Take((int)period).ToList();
            Assert.Equal((int)gate, slice.Count(l => l));
            Assert.Equal(40, slice.IndexOf(true)); // lead (P - G) / 2
        }
    }

    [Fact]
    public void WriteSettingLine_WhenSettingsAreTrits_HoldsEachBitForTheWholeRound()
    {
        const uint period = 10;
        byte[] settings = [2, 0, 1, 1, 2, 0, 2];
        var packed = new byte[2];
        QkdEdge.Wire.Packing.SettingsPacking.Pack(settings, 0, settings.Length, 3, packed, 0);
        var bit0 = new byte[RoundWaveforms.Length(settings.Length)];
        var bit1 = new byte[RoundWaveforms.Length(settings.Length)];

        var line0 = Expand(bit0, RoundWaveforms.WriteSettingLine(bit0, packed, 3, 5, settings.Length, 0, period));
        var line1 = Expand(bit1, RoundWaveforms.WriteSettingLine(bit1, packed, 3, 5, settings.Length, 1, period));

        for (int round = 0; round < settings.Length; round++)
        {
            for (int t = 0; t < period; t++)
            {
                Assert.Equal((settings[round] & 1) != 0, line0[round * (int)period + t]);
                Assert.Equal((settings[round] & 2) != 0, line1[round * (int)period + t]);
            }
        }
    }

    [Fact]
    public void SkewTolerance_WhenGateIsCentred_IsTheShorterGuardBesideTheGate()
    {
        Assert.Equal(40, RoundWaveforms.SkewTolerance(100, 20));
        Assert.Equal(27, RoundWaveforms.SkewTolerance(100, 45)); // lead 27, tail 28
    }

    [Fact]
    public void ClickPulseDecoder_WhenPulsesAreGateOrStretched_MarksTheStretchedOnes()
    {
        const uint gate = 20, stretch = 50;
        int[] widths = [20, 55, 21, 64, 19];
        var clicks = new byte[5];
        clicks[1] = 2; // detector 1 already decoded for this round

        Assert.True(ClickPulseDecoder.Decode(widths, widths.Length, 5, gate, stretch, 0, clicks));

        Assert.Equal(new byte[] { 0, 3, 0, 1, 0 }, clicks);
    }

    [Fact]
    public void ClickPulseDecoder_WhenAPulseIsMissing_RefusesTheBatch()
    {
        Assert.False(ClickPulseDecoder.Decode(new int[8], 4, 5, 20, 50, 0, new byte[5]));
    }

    /// <summary>Plays the items back as one level per tick, stopping at the end marker.</summary>
    private static List<bool> Expand(byte[] items, int length)
    {
        var levels = new List<bool>();
        for (int offset = 0; offset < length; offset += RmtItems.ItemBytes)
        {
            for (int half = 0; half < 2; half++)
            {
                int lo = items[offset + 2 * half], hi = items[offset + 2 * half + 1];
                int duration = lo | ((hi & 0x7F) << 8);
                if (duration == 0)
                    return levels;
                levels.AddRange(Enumerable.Repeat((hi & 0x80) != 0, duration));
            }
        }

        return levels;
    }
}
