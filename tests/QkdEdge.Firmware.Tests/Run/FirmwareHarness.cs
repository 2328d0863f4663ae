using QkdEdge.Firmware.Board;
using QkdEdge.Firmware.Hardware;
using QkdEdge.Firmware.Run;
using QkdEdge.Firmware.Tests.Fakes;
using QkdEdge.Wire.Frames;
using QkdEdge.Wire.Framing;

namespace QkdEdge.Firmware.Tests.Run;

/// <summary>A firmware core on fakes of its hardware, with the host end of its link.</summary>
internal sealed class FirmwareHarness
{
    public const ushort StationId = 7;
    public const uint Period = 1_000;
    public const uint Gate = 40;

    public FirmwareHarness(IEntropySource? entropy = null, bool qualified = true, double claimedMinEntropy = 1.0, int seed = 1)
    {
        Entropy = entropy ?? new SeededEntropySource(seed);
        Capture = new ScriptedClickCapture(Clock, Period, seed + 1);
        Firmware = new StationFirmware(Esp32DevKitCProfile.Create(), StationId,
            new StationHardware(Clock, Entropy, Output, Capture, Link, statusLines: null),
            new EntropySourceClaim(claimedMinEntropy, qualified));
    }

    public FakeClock Clock { get; } = new();

    public IEntropySource Entropy { get; }

    public RecordingSettingsOutput Output { get; } = new();

    public ScriptedClickCapture Capture { get; }

    public HostLink Link { get; } = new();

    public StationFirmware Firmware { get; }

    /// <summary>Steps the firmware <paramref name="steps"/> times, moving the clock one period between steps.</summary>
    public void Step(int steps = 1)
    {
        for (int i = 0; i < steps; i++)
        {
            Firmware.Step();
            Clock.Ticks += Period;
        }
    }

    /// <summary>Boots the board and discards its boot Info frame.</summary>
    public void Boot()
    {
        Step();
        Assert.Equal(FrameType.Info, Assert.Single(Link.ReadFrames()).Type);
    }

    /// <summary>Boots, configures and starts a run; returns the frames the board sent meanwhile.</summary>
    public List<BoardFrame> BootConfigureAndStart(int alphabet = 3, int batch = 120, StationRole role = StationRole.Bob)
    {
        Step();
        Link.SendConfigure(role, alphabet, batch, Gate, Period);
        Link.SendCommand(FrameType.Start);
        Step();
        return Link.ReadFrames();
    }

    /// <summary>Sends one command, steps once, and returns what the board answered.</summary>
    public List<BoardFrame> Command(FrameType type, ushort stationId = WireLimits.BroadcastStationId)
    {
        Link.SendCommand(type, stationId);
        Step();
        return Link.ReadFrames();
    }
}
