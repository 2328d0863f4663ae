using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Frames;

namespace QkdEdge.Emulator.Tests.Board.Support;

/// <summary>
/// What a host receives on one board's link, decoded with the wire library's reference decoders
/// (FrameReceiver for framing, RoundsFrame for payloads): the test's independent view of the frames.
/// </summary>
internal sealed class HostFrames
{
    private readonly List<long> _rounds = [];
    private readonly List<byte> _settings = [];
    private readonly List<byte> _clicks = [];
    private readonly List<long> _tags = [];

    public List<FrameType> Types { get; } = [];

    public List<RngAlarmFrame> Alarms { get; } = [];

    public List<AckFrame> Acks { get; } = [];

    public List<InfoFrame> Infos { get; } = [];

    public List<uint> Sequences { get; } = [];

    /// <summary>Frames rejected by the framing or payload checks (a correct board sends none).</summary>
    public int Rejected { get; private set; }

    public int RoundsFrames { get; private set; }

    public long[] RoundIndices { get; private set; } = [];

    public byte[] Settings { get; private set; } = [];

    public byte[] Clicks { get; private set; } = [];

    public long[] TimeTags { get; private set; } = [];

    public int RoundCount => RoundIndices.Length;

    /// <summary>Reads <paramref name="stream"/> to its end.</summary>
    public static HostFrames ReadToEnd(Stream stream)
    {
        var frames = new HostFrames();
        var receiver = new FrameReceiver(LinkEnd.Host);
        var buffer = new byte[1 << 16];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            frames.Add(receiver, buffer, read);
        frames.Finish();
        return frames;
    }

    /// <summary>Decodes <paramref name="bytes"/>.</summary>
    public static HostFrames Parse(byte[] bytes)
    {
        var frames = new HostFrames();
        frames.Add(new FrameReceiver(LinkEnd.Host), bytes, bytes.Length);
        frames.Finish();
        return frames;
    }

    private void Finish()
    {
        RoundIndices = [.. _rounds];
        Settings = [.. _settings];
        Clicks = [.. _clicks];
        TimeTags = [.. _tags];
    }

    private void Add(FrameReceiver receiver, byte[] buffer, int count)
    {
        int offset = 0;
        while (offset < count)
        {
            bool complete = receiver.TryReadFrame(buffer, offset, count - offset, out int consumed);
            offset += consumed;
            if (complete)
                Decode(receiver);
        }
    }

    private void Decode(FrameReceiver receiver)
    {
        if (receiver.Error != FrameError.None)
        {
            Rejected++;
            return;
        }

        Types.Add(receiver.Type);
        Sequences.Add(receiver.Sequence);
        byte[] frame = receiver.Frame;
        int offset = receiver.PayloadOffset, length = receiver.PayloadLength;
        FrameError error = FrameError.None;
        int errorOffset;
        switch (receiver.Type)
        {
            case FrameType.Rounds:
                var rounds = new RoundsFrame();
                var settings = new byte[RoundsFrameLayout.MaxRoundsPerAnyFrame];
                var clicks = new byte[settings.Length];
                var tags = new long[settings.Length];
                error = rounds.ReadPayload(frame, offset, length, settings, clicks, tags, 0, out errorOffset);
                if (error == FrameError.None)
                {
                    RoundsFrames++;
                    for (int i = 0; i < rounds.RoundCount; i++)
                    {
                        _rounds.Add(rounds.FirstRoundIndex + i);
                        _settings.Add(settings[i]);
                        _clicks.Add(clicks[i]);
                        _tags.Add(tags[i]);
                    }
                }
                break;
            case FrameType.RngAlarm:
                var alarm = new RngAlarmFrame();
                error = alarm.ReadPayload(frame, offset, length, out errorOffset);
                Alarms.Add(alarm);
                break;
            case FrameType.Ack:
                var ack = new AckFrame();
                error = ack.ReadPayload(frame, offset, length, out errorOffset);
                Acks.Add(ack);
                break;
            case FrameType.Info:
                var info = new InfoFrame();
                error = info.ReadPayload(frame, offset, length, out errorOffset);
                Infos.Add(info);
                break;
        }

        if (error != FrameError.None)
            Rejected++;
    }
}
