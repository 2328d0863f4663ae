using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using QkdEdge.Alignment;
using QkdEdge.Station.Peer;

namespace QkdEdge.Benchmarks;

/// <summary>
/// The tag series Bob sends Alice for alignment (<see cref="TagSeriesCodec"/>): encoding a block's compact tags into
/// parts of 1 MB, and decoding them as the station does (a stream, into the compact form), against inflating the same
/// payload alone (the baseline: the zlib work the format itself asks for). Tags step by 100 ticks, exactly (a clean
/// link) or with up to 3 ticks of jitter either way.
/// </summary>
[MemoryDiagnoser]
public class TagSeriesCodecBenchmarks
{
    private const long Period = 100;
    private BlockTags _block = null!;
    private byte[] _payload = null!;
    private readonly byte[] _inflated = new byte[1 << 16];

    [Params(1 << 22)]
    public int Rounds { get; set; }

    [Params(0, 3)]
    public int JitterTicks { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(4);
        var builder = new BlockTags.Builder(Rounds);
        for (long k = 0; k < Rounds; k++)
            builder.Add(k, 123_456 + (k * Period) + (JitterTicks == 0 ? 0 : random.Next(-JitterTicks, JitterTicks + 1)));
        _block = builder.Build();
        _payload = TagSeriesCodec.EncodeParts(_block, Period, 1 << 20).SelectMany(part => part).ToArray();
    }

    [Benchmark(Baseline = true)]
    public long InflateOnly()
    {
        using var inflate = new ZLibStream(new MemoryStream(_payload, 1, _payload.Length - 1), CompressionMode.Decompress);
        long total = 0;
        int read;
        while ((read = inflate.Read(_inflated)) > 0)
            total += read;
        return total;
    }

    [Benchmark]
    public long Encode() => TagSeriesCodec.EncodeParts(_block, Period, 1 << 20).Sum(part => (long)part.Length);

    [Benchmark]
    public BlockTags Decode() => TagSeriesCodec.DecodeBlockAsync(new MemoryStream(_payload), Rounds, CancellationToken.None).GetAwaiter().GetResult();
}
