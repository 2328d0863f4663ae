using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using QkdEdge.Ingest;
using QkdEdge.Wire.Framing;

namespace QkdEdge.Cli.Commands.Bench;

/// <summary>
/// <c>qkdedge bench wire</c>: the wire protocol's size per round (every byte of framing included)
/// beside a round's information content, for Alice (3 settings) and Bob (2 settings); and the host's
/// decode rate on one core beside a plain copy of the same bytes, measured in the same run.
/// </summary>
public static class BenchWireCommand
{
    /// <summary>Rounds per batch: the largest power of two whose Rounds frame fits 1 KiB at k = 2 and k = 3 with room for time-tag exceptions.</summary>
    private const int BatchSize = 2048;

    /// <summary>Rounds per measured stream: enough for a stable size figure, small enough (about 1 MB) to stay in cache for the decode loop.</summary>
    private const int StreamRounds = 2_000_000;

    /// <summary>
    /// Each rate is measured over at least this much processor time of this process (the decode is
    /// single-threaded), not wall time: on a shared machine other load then slows the run down but
    /// does not distort the figure. The operating system counts processor time in 10 ms ticks, so
    /// one second keeps that error near 1%.
    /// </summary>
    private static readonly TimeSpan MeasureTime = TimeSpan.FromSeconds(1);

    /// <summary>Wall-clock cap per measurement, in case the machine is so busy that processor time accrues slowly.</summary>
    private static readonly TimeSpan WallCap = TimeSpan.FromSeconds(20);

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var command = new Command("wire", "Wire bits per round against information content, and host decode rate against a memcpy baseline.") { json };
        command.Action = new InputCheckedAction(parseResult =>
        {
            Report report = Measure();
            TextWriter output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(json))
                output.WriteLine(ToJson(report));
            else
                PrintText(output, report);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Report Measure()
    {
        StationStream alice = Encode(alphabetSize: 3, seed: 1);
        StationStream bob = Encode(alphabetSize: 2, seed: 2);
        Rate aliceDecode = DecodeRate(alice);
        Rate bobDecode = DecodeRate(bob);
        double copyMegabytesPerSecond = CopyRate(alice.Bytes);
        return new Report(alice, bob, aliceDecode, bobDecode, copyMegabytesPerSecond);
    }

    /// <summary>
    /// Realistic rounds as a board frames them: uniform settings; clicks 30% none, 33% each single,
    /// 4% double; time tags one period apart, with a missed trigger (+P) or a one-tick jitter in
    /// 1 of 1000 rounds each. Writes the Rounds frames a board would, one or more per batch.
    /// </summary>
    private static StationStream Encode(int alphabetSize, int seed)
    {
        const uint period = 1000;
        var random = new Random(seed);
        var settings = new byte[StreamRounds];
        var clicks = new byte[StreamRounds];
        var tags = new long[StreamRounds];
        long tag = 5_000_000;
        for (int i = 0; i < StreamRounds; i++)
        {
            settings[i] = (byte)random.Next(alphabetSize);
            double u = random.NextDouble();
            clicks[i] = u < 0.30 ? (byte)0 : u < 0.63 ? (byte)1 : u < 0.96 ? (byte)2 : (byte)3;
            if (i > 0)
            {
                double e = random.NextDouble();
                tag += period + (e < 0.001 ? period : e < 0.002 ? (random.Next(2) == 0 ? 1 : -1) : 0);
            }

            tags[i] = tag;
        }

        var writer = new FrameWriter(1);
        var frame = new byte[WireLimits.MaxWireFrameBytes];
        using var stream = new MemoryStream();
        int frames = 0;
        for (int batch = 0; batch < StreamRounds; batch += BatchSize)
        {
            int end = Math.Min(StreamRounds, batch + BatchSize);
            for (int start = batch; start < end;)
            {
                int length = writer.WriteRounds(start, alphabetSize, period, settings, clicks, tags, start, end - start, frame, 0, out int written);
                stream.Write(frame, 0, length);
                start += written;
                frames++;
            }
        }

        byte[] bytes = stream.ToArray();
        return new StationStream(alphabetSize, bytes, frames, bytes.Length * 8.0 / StreamRounds, Math.Log2(alphabetSize) + 2);
    }

    /// <summary>The whole host read path (split, COBS, CRC-32, header, payload, sequence and round checks) over an in-memory stream.</summary>
    private static Rate DecodeRate(StationStream station)
    {
        DecodeOnce(station.Bytes); // warm-up: JIT and tables
        long rounds = 0;
        long bytes = 0;
        var clock = new ProcessorClock();
        while (!clock.Done)
        {
            rounds += DecodeOnce(station.Bytes);
            bytes += station.Bytes.Length;
        }

        double seconds = clock.ProcessorSeconds;
        return new Rate(rounds / seconds, bytes / seconds / 1e6, rounds / clock.WallSeconds);
    }

    private static long DecodeOnce(byte[] bytes)
    {
        var reader = new BoardFrameReader(new MemoryStream(bytes, writable: false));
        while (reader.Read() != BoardFrameKind.EndOfStream)
        {
        }

        IngestCounters counters = reader.Counters;
        if (counters.RoundsDelivered != StreamRounds || counters.FramesMalformed != 0)
            throw new InvalidOperationException($"The benchmark stream decoded to {counters.RoundsDelivered} rounds with {counters.FramesMalformed} malformed frames.");
        return counters.RoundsDelivered;
    }

    /// <summary>Baseline: copying the same bytes in the reader's 64 KiB chunks, the least any reader must do.</summary>
    private static double CopyRate(byte[] bytes)
    {
        var destination = new byte[64 * 1024];
        long copied = 0;
        var clock = new ProcessorClock();
        while (!clock.Done)
        {
            for (int offset = 0; offset < bytes.Length; offset += destination.Length)
            {
                int n = Math.Min(destination.Length, bytes.Length - offset);
                bytes.AsSpan(offset, n).CopyTo(destination);
            }

            copied += bytes.Length;
        }

        GC.KeepAlive(destination);
        return copied / clock.ProcessorSeconds / 1e6;
    }

    private static void PrintText(TextWriter output, Report r)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"wire protocol v{WireLimits.ProtocolVersion}: {StreamRounds:N0} realistic rounds per station, batches of {BatchSize}, frames of at most {WireLimits.MaxWireFrameBytes} bytes on the wire"));
        output.WriteLine();
        output.WriteLine("station  settings  info bits/round  wire bits/round  wire/info  frames  (target: wire/info <= 1.25)");
        foreach ((string name, StationStream s) in new[] { ("alice", r.Alice), ("bob", r.Bob) })
            output.WriteLine(string.Create(c, $"{name,-7}  {s.AlphabetSize,8}  {s.InfoBitsPerRound,15:F3}  {s.WireBitsPerRound,15:F3}  {s.WireBitsPerRound / s.InfoBitsPerRound,9:F3}  {s.Frames,6}"));
        output.WriteLine("  info = log2(settings) + 2 click bits; wire = every byte of the Rounds frames (header, payload, CRC, COBS, delimiter)");
        output.WriteLine();
        output.WriteLine("host decode per second of processor time on one core, every check on (COBS, CRC-32, header, payload, sequence and round tracking):");
        output.WriteLine(string.Create(c, $"  alice stream  {r.AliceDecode.RoundsPerSecond / 1e6,8:F1} M rounds/s  {r.AliceDecode.MegabytesPerSecond,8:F1} MB/s   (target >= 100 M rounds/s)"));
        output.WriteLine(string.Create(c, $"  bob stream    {r.BobDecode.RoundsPerSecond / 1e6,8:F1} M rounds/s  {r.BobDecode.MegabytesPerSecond,8:F1} MB/s"));
        output.WriteLine(string.Create(c, $"  wall clock on this machine now: alice {r.AliceDecode.WallRoundsPerSecond / 1e6:F1}, bob {r.BobDecode.WallRoundsPerSecond / 1e6:F1} M rounds/s ({Environment.ProcessorCount} cores shared with other load)"));
        output.WriteLine(string.Create(c, $"  baseline: memcpy of the alice stream {r.CopyMegabytesPerSecond,8:F1} MB/s = {r.CopyMegabytesPerSecond * 1e6 * 8 / r.Alice.WireBitsPerRound / 1e6,8:F1} M rounds/s"));
    }

    private static string ToJson(Report r)
    {
        var document = new
        {
            alice = Station(r.Alice),
            bob = Station(r.Bob),
            decodeRoundsPerSecond = r.AliceDecode.RoundsPerSecond,
            decodeMegabytesPerSecond = r.AliceDecode.MegabytesPerSecond,
            decodeRoundsPerWallSecond = r.AliceDecode.WallRoundsPerSecond,
            bobDecodeRoundsPerSecond = r.BobDecode.RoundsPerSecond,
            bobDecodeMegabytesPerSecond = r.BobDecode.MegabytesPerSecond,
            baselineMemcpyMegabytesPerSecond = r.CopyMegabytesPerSecond,
            baselineMemcpyRoundsPerSecond = r.CopyMegabytesPerSecond * 1e6 * 8 / r.Alice.WireBitsPerRound,
            batchSize = BatchSize,
            roundsPerStation = StreamRounds,
            protocolVersion = (int)WireLimits.ProtocolVersion,
            timeBase = "processor time of one core",
        };
        return JsonSerializer.Serialize(document);

        static object Station(StationStream s) => new
        {
            wireBitsPerRound = s.WireBitsPerRound,
            infoBitsPerRound = s.InfoBitsPerRound,
            ratio = s.WireBitsPerRound / s.InfoBitsPerRound,
            settings = s.AlphabetSize,
            frames = s.Frames,
            wireBytes = s.Bytes.Length,
        };
    }

    /// <summary>Processor time of this process since construction, with the measuring rule of <see cref="MeasureTime"/>.</summary>
    private sealed class ProcessorClock
    {
        private readonly Process _process = Process.GetCurrentProcess();
        private readonly TimeSpan _start;
        private readonly Stopwatch _wall = Stopwatch.StartNew();

        public ProcessorClock()
        {
            _start = _process.TotalProcessorTime;
        }

        public double ProcessorSeconds
        {
            get
            {
                _process.Refresh();
                return (_process.TotalProcessorTime - _start).TotalSeconds;
            }
        }

        public double WallSeconds => _wall.Elapsed.TotalSeconds;

        public bool Done => ProcessorSeconds >= MeasureTime.TotalSeconds || _wall.Elapsed >= WallCap;
    }

    private sealed record StationStream(int AlphabetSize, byte[] Bytes, int Frames, double WireBitsPerRound, double InfoBitsPerRound);

    /// <summary>Rates per second of processor time, and rounds per second of wall time (which other load on the machine lowers).</summary>
    private readonly record struct Rate(double RoundsPerSecond, double MegabytesPerSecond, double WallRoundsPerSecond);

    private sealed record Report(StationStream Alice, StationStream Bob, Rate AliceDecode, Rate BobDecode, double CopyMegabytesPerSecond);
}
