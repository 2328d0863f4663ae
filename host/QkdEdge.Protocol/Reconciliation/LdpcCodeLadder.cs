using System.Collections.Concurrent;
using QkdEdge.Distillation.Reconciliation.Ldpc;

namespace QkdEdge.Protocol.Reconciliation;

/// <summary>
/// A ladder of quasi-cyclic LDPC codes of one frame length and falling rates, built deterministically from
/// fixed specs so both stations hold bit-identical codes. A frame starts on the highest rate that suits the
/// estimated error rate and steps down the ladder when it fails to decode.
/// </summary>
public sealed class LdpcCodeLadder
{
    /// <summary>Base columns; with lifting 128 the frame is 10,240 bits.</summary>
    public const int BaseColumns = 80;
    public const int LiftingSize = 128;
    public const int FrameBits = BaseColumns * LiftingSize;

    /// <summary>Base rows per rung: rates 1 - rows/80, from 0.95 down to 0.5.</summary>
    private static readonly int[] Rows = [4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 16, 18, 20, 22, 24, 28, 32, 36, 40];

    private static readonly ConcurrentDictionary<int, QcLdpcCode> Codes = new();

    public static LdpcCodeLadder Default { get; } = new();

    public int Rungs => Rows.Length;

    public double Rate(int rung) => 1.0 - (double)Rows[rung] / BaseColumns;

    public int SyndromeBits(int rung) => Rows[rung] * LiftingSize;

    public QcLdpcCode Code(int rung) => Codes.GetOrAdd(rung, static r =>
    {
        int rows = Rows[r];
        int information = BaseColumns - (rows - 1);
        // Column degrees measured best on the binary symmetric channel with this construction and the
        // layered min-sum decoder (frames of 10,240 bits): degree 4 for the high-rate rungs; for the
        // lower rates degree 3 with every fifth column of degree 8, which lets the reliable high-degree
        // bits anchor the decoding of the rest.
        var degrees = Enumerable.Range(0, information)
            .Select(i => rows <= 8 ? Math.Min(4, rows) : i % 5 == 0 ? Math.Min(8, rows) : 3)
            .ToArray();
        return QcLdpcConstruction.Build(new QcCodeSpec(rows, BaseColumns, LiftingSize, degrees, Seed: 0x5eed_0000UL + (ulong)rows));
    });

    /// <summary>
    /// The first rung for an error rate: the highest rate whose syndrome carries at least
    /// <paramref name="margin"/> times the Shannon limit h(Q) per bit.
    /// </summary>
    public int FirstRung(double errorRate, double margin)
    {
        double needed = margin * Entropy(Math.Clamp(errorRate, 1e-4, 0.5));
        for (int r = 0; r < Rows.Length; r++)
            if ((double)Rows[r] / BaseColumns >= needed)
                return r;
        return Rows.Length - 1;
    }

    private static double Entropy(double p) => -p * Math.Log2(p) - (1 - p) * Math.Log2(1 - p);
}
