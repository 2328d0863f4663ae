using System.Device.Gpio;
using QkdEdge.Emulator.Configuration;
using QkdEdge.Emulator.Peripherals;

namespace QkdEdge.Emulator.Tests.Peripherals;

/// <summary>The emulated driver under the desktop GpioController, as the firmware core uses it.</summary>
public sealed class EmulatedGpioDriverTests
{
    [Fact]
    public void Write_WhenOutputThroughController_ReadsBackOnTheDriver()
    {
        var driver = new EmulatedGpioDriver();
        using var controller = new GpioController(driver);
        controller.OpenPin(21, PinMode.Output);

        controller.Write(21, PinValue.High);
        Assert.True(driver.IsHigh(21));
        Assert.Equal(PinValue.High, controller.Read(21));
        controller.Write(21, PinValue.Low);
        Assert.False(driver.IsHigh(21));
    }

    [Fact]
    public void OpenPin_WhenInputOnlyPinAsOutput_Throws()
    {
        // ESP32 GPIO34-39 are input-only; the profile's click inputs sit there.
        using var controller = new GpioController(new EmulatedGpioDriver());
        Assert.False(controller.IsPinModeSupported(34, PinMode.Output));
        Assert.ThrowsAny<InvalidOperationException>(() => controller.OpenPin(34, PinMode.Output));
    }

    [Fact]
    public void SetInput_WhenPinIsAnInput_ControllerReadsTheAppliedLevel()
    {
        var driver = new EmulatedGpioDriver();
        using var controller = new GpioController(driver);
        controller.OpenPin(36, PinMode.Input);

        driver.SetInput(36, true);
        Assert.Equal(PinValue.High, controller.Read(36));
    }

    [Fact]
    public void SetInput_WhenPinIsAnOutput_Throws()
    {
        var driver = new EmulatedGpioDriver();
        using var controller = new GpioController(driver);
        controller.OpenPin(22, PinMode.Output);
        Assert.Throws<InvalidOperationException>(() => driver.SetInput(22, true));
    }

    [Fact]
    public void Write_WhenPinNotOpen_ControllerRefuses()
    {
        using var controller = new GpioController(new EmulatedGpioDriver());
        Assert.ThrowsAny<InvalidOperationException>(() => controller.Write(21, PinValue.High));
    }

    [Fact]
    public void Constructor_WhenBoardPins_OpensStatusLinesLowAndShowsStates()
    {
        var pins = BoardProfileFile.Load(BoardProfileFile.DefaultId).Pins;
        using var lines = new EmulatedStatusLines(pins);
        Assert.True(lines.Driver.IsOpen(pins.DetectorEnableOut));
        Assert.False(lines.DetectorsEnabled || lines.RunningLed || lines.AlarmLed);

        lines.Lines.ShowRunning();
        Assert.True(lines.DetectorsEnabled && lines.RunningLed && !lines.AlarmLed);
        lines.Lines.ShowAlarm();
        Assert.True(!lines.DetectorsEnabled && !lines.RunningLed && lines.AlarmLed);
    }
}
