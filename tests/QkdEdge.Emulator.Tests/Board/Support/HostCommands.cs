using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Frames;

namespace QkdEdge.Emulator.Tests.Board.Support;

/// <summary>Commands as a host writes them, built with the wire library's frame writer.</summary>
internal static class HostCommands
{
    public static byte[] ConfigureAndStart(StationRole role, int alphabet, uint periodTicks, int batch = 120, uint gate = 20)
    {
        var writer = new FrameWriter(WireLimits.BroadcastStationId);
        var buffer = new byte[2 * WireLimits.MaxWireFrameBytes];
        int length = writer.WriteConfigure(new ConfigureCommand
        {
            Role = role,
            AlphabetSize = alphabet,
            BatchSize = batch,
            GateWidthTicks = gate,
            RoundPeriodTicks = periodTicks,
        }, buffer, 0);
        length += writer.WriteCommand(FrameType.Start, buffer, length);
        return buffer[..length];
    }

    public static byte[] Single(FrameType type, uint sequence = 0)
    {
        var writer = new FrameWriter(WireLimits.BroadcastStationId);
        var buffer = new byte[WireLimits.MaxWireFrameBytes];
        for (uint i = 0; i < sequence; i++)
            writer.WriteCommand(type, buffer, 0);
        int length = writer.WriteCommand(type, buffer, 0);
        return buffer[..length];
    }
}
