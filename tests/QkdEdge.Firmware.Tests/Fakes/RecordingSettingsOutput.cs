using QkdEdge.Firmware.Hardware;

namespace QkdEdge.Firmware.Tests.Fakes;

/// <summary>Keeps the last batch of packed settings it was given (into a buffer allocated once).</summary>
internal sealed class RecordingSettingsOutput : ISettingsOutput
{
    public byte[] LastPacked { get; } = new byte[4096];

    public long LastFirstRound { get; private set; } = -1;

    public int LastAlphabetSize { get; private set; }

    public int LastRoundCount { get; private set; }

    public int Loads { get; private set; }

    public uint RoundPeriodTicks { get; private set; }

    public uint GateWidthTicks { get; private set; }

    public void Configure(uint roundPeriodTicks, uint gateWidthTicks)
    {
        RoundPeriodTicks = roundPeriodTicks;
        GateWidthTicks = gateWidthTicks;
    }

    public void Load(long firstRound, byte[] packedSettings, int alphabetSize, int roundCount)
    {
        Array.Copy(packedSettings, LastPacked, Math.Min(packedSettings.Length, LastPacked.Length));
        LastFirstRound = firstRound;
        LastAlphabetSize = alphabetSize;
        LastRoundCount = roundCount;
        Loads++;
    }
}
