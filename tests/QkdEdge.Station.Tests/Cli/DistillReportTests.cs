using System.Text.Json;
using QkdEdge.Cli.Commands.Bench;
using QkdEdge.Distillation.Measurement;
using QkdEdge.Distillation.Sifting;

namespace QkdEdge.Station.Tests.Cli;

/// <summary>
/// <c>qkdedge bench distill</c>'s renderings on made-up figures: the JSON keys the distillation targets name, keyed
/// the way they say, and the instruction sets both renderings report.
/// </summary>
public sealed class DistillReportTests
{
    private static readonly double[] ErrorRates = [0.01, 0.02, 0.05, 0.08];

    private static DistillReport Report(bool quick)
    {
        var sifting = new SiftingFigures(1 << 24, 12 << 20, new Rate(8e9, 8e9), new Rate(2e9, 2e9), new Rate(1.2e10, 1.2e10), true, default);
        var ldpc = ErrorRates.Select((q, i) => new ReconciliationPoint(q, 1 << 22, 1.1 + i / 100.0, 1.09, 16, i == 3 ? 1 : 0, 2 + i, true, new Rate(1.2e7 + i, 1.2e7))).ToArray();
        var cascade = ErrorRates.Select(q => new CascadePoint(q, 1 << 22, 1.07, 2.1, 900, 0, new Rate(2e6, 2e6))).ToArray();
        var toeplitz = new ToeplitzFigures(100_000_000, 50_000_000, new Timing(0.6, 0.55), new Timing(0.7, 0.65), 1 << 20, new Timing(0.006, 0.006), new Timing(0.7, 0.7), true);
        var block = quick ? null : new BlockFigures(1_000_000_000, 158_000_000, 0.02, 0.8394, 25_000_000, 158_000_000, 0, 4, true, 94_000_000, true, 7.5, 0.5, 11.4, 3.3, 22.7, 390)
        {
            SourceCounted = true,
        };
        var kernels = new KernelPaths("AVX2 + BMI2 PEXT", "AVX-512BW", "VPCLMULQDQ (4 products per instruction)", 2);
        return new DistillReport(quick, sifting, ldpc, cascade, toeplitz, block, kernels);
    }

    [Fact]
    public void Json_HasTheKeysTheTargetsName()
    {
        using var json = JsonDocument.Parse(Report(quick: false).ToJson());
        var root = json.RootElement;

        Assert.Equal(8e9, root.GetProperty("siftRoundsPerSecond").GetDouble());
        Assert.Equal(1.2e10, root.GetProperty("memcpyRoundsPerSecond").GetDouble());
        Assert.Equal(["0.01", "0.02", "0.05", "0.08"], root.GetProperty("ldpcEfficiency").EnumerateObject().Select(p => p.Name));
        Assert.Equal(1.11, root.GetProperty("ldpcEfficiency").GetProperty("0.02").GetDouble(), 12);
        Assert.Equal(1.0 / 16, root.GetProperty("ldpcFrameErrorRate").GetProperty("0.08").GetDouble(), 12);
        Assert.Equal(12.000001, root.GetProperty("ldpcMbitPerSecond").GetDouble(), 9); // Q = 2 %
        Assert.Equal(5, root.GetProperty("ldpcRoundTrips").GetInt32()); // the largest over Q
        Assert.Equal(0.55, root.GetProperty("toeplitzSeconds1e8").GetDouble());
        Assert.Equal(22.7, root.GetProperty("blockSeconds1e9").GetDouble(), 9);
        Assert.Equal(390, root.GetProperty("blockPeakMegabytes1e9").GetDouble());
    }

    [Fact]
    public void Json_NamesTheKernels()
    {
        using var json = JsonDocument.Parse(Report(quick: true).ToJson());
        var kernels = json.RootElement.GetProperty("kernels");

        Assert.Equal("AVX2 + BMI2 PEXT", kernels.GetProperty("sifting").GetString());
        Assert.Equal("AVX-512BW", kernels.GetProperty("ldpcDecoder").GetString());
        Assert.Equal("VPCLMULQDQ (4 products per instruction)", kernels.GetProperty("toeplitz").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("processorCount").GetInt32());
    }

    [Fact]
    public void Json_WhenQuick_LeavesTheFullSizeFiguresNull()
    {
        using var json = JsonDocument.Parse(Report(quick: true).ToJson());
        var root = json.RootElement;

        Assert.True(root.GetProperty("quick").GetBoolean());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("toeplitzSeconds1e8").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("blockSeconds1e9").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("blockPeakMegabytes1e9").ValueKind);
    }

    [Fact]
    public void Table_NamesTheKernelsAndSkipsTheBlockWhenQuick()
    {
        string table = Report(quick: true).ToTable();

        Assert.Contains("kernels here: sifting AVX2 + BMI2 PEXT; LDPC decoder AVX-512BW; Toeplitz field products VPCLMULQDQ (4 products per instruction); 2 logical processors", table);
        Assert.Contains("block of 1e9 rounds: skipped (--quick)", table);
    }
}
