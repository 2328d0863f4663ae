using System.Device.Gpio;
using QkdEdge.Firmware.Board;
using QkdEdge.Firmware.Hardware;
using QkdEdge.Firmware.Run;
using QkdEdge.Firmware.Tests.Fakes;
using QkdEdge.Wire.Frames;
using QkdEdge.Wire.Framing;

namespace QkdEdge.Firmware.Tests.Hardware;

/// <summary>The slow GPIO lines, through the desktop GpioController over a recording driver.</summary>
public sealed class StatusLinesTests
{
    private const int Enable = Esp32DevKitCProfile.DetectorEnableOutPin;
    private const int RunLed = Esp32DevKitCProfile.RunningLedPin;
    private const int AlarmLed = Esp32DevKitCProfile.AlarmLedPin;

    [Fact]
    public void Constructor_WhenCalled_OpensAllLinesAsLowOutputs()
    {
        var driver = new RecordingGpioDriver();

        _ = new StatusLines(new GpioController(driver), Enable, RunLed, AlarmLed);

        Assert.All(new[] { Enable, RunLed, AlarmLed }, pin =>
        {
            Assert.Equal(PinMode.Output, driver.Modes[pin]);
            Assert.Equal(PinValue.Low, driver.Levels[pin]);
        });
    }

    [Fact]
    public void Step_WhenTheRunStartsAndThenHalts_DrivesDetectorEnableAndLeds()
    {
        var driver = new RecordingGpioDriver();
        var clock = new FakeClock();
        var source = new StuckEntropySource(9, 0x11);
        var link = new HostLink();
        var firmware = new StationFirmware(Esp32DevKitCProfile.Create(), 3,
            new StationHardware(clock, source, new RecordingSettingsOutput(), new ScriptedClickCapture(clock, 1_000, 4), link,
                new StatusLines(new GpioController(driver), Enable, RunLed, AlarmLed)),
            new EntropySourceClaim(1.0, true));
        firmware.Step();
        link.SendConfigure(StationRole.Alice, 2, 120, 40, 1_000);
        link.SendCommand(FrameType.Start);
        firmware.Step();

        Assert.Equal((PinValue.High, PinValue.High, PinValue.Low), (driver.Levels[Enable], driver.Levels[RunLed], driver.Levels[AlarmLed]));

        source.Stuck = true;
        for (int i = 0; i < 10 && firmware.State == RunState.Running; i++)
            firmware.Step();

        Assert.Equal(RunState.Halted, firmware.State);
        Assert.Equal((PinValue.Low, PinValue.Low, PinValue.High), (driver.Levels[Enable], driver.Levels[RunLed], driver.Levels[AlarmLed]));
    }
}
