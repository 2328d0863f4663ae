using System.Buffers.Binary;
using System.IO.Hashing;
using QkdEdge.Distillation.Bits;

namespace QkdEdge.Distillation.Reconciliation.Ldpc;

/// <summary>
/// A quasi-cyclic LDPC code: a base matrix of <see cref="BaseRows"/> x <see cref="BaseColumns"/> entries, each
/// empty or a z x z circulant permutation (z = <see cref="LiftingSize"/>) given by its shift s. Check i of base
/// row r is connected to bit (i + s) mod z of base column c for every circulant (r, c, s). The circulant
/// structure is what lets the decoder update z checks of a base row at once with vector instructions.
/// </summary>
public sealed class QcLdpcCode
{
    private readonly int[] _rowStart;
    private readonly int[] _edgeColumn;
    private readonly int[] _edgeShift;

    internal QcLdpcCode(int baseRows, int baseColumns, int liftingSize, int[] rowStart, int[] edgeColumn, int[] edgeShift, int staircaseStart)
    {
        if (liftingSize <= 0 || liftingSize % 64 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(liftingSize), liftingSize, "The lifting size must be a positive multiple of 64.");
        }

        BaseRows = baseRows;
        BaseColumns = baseColumns;
        LiftingSize = liftingSize;
        _rowStart = rowStart;
        _edgeColumn = edgeColumn;
        _edgeShift = edgeShift;
        StaircaseStart = staircaseStart;
        var degrees = new int[baseColumns];
        foreach (int c in edgeColumn)
        {
            degrees[c]++;
        }

        ColumnDegrees = degrees;

        Fingerprint = ComputeFingerprint();
    }

    public int BaseRows { get; }

    public int BaseColumns { get; }

    /// <summary>Circulant size z (a multiple of 64 so that a circulant's bits fill whole words).</summary>
    public int LiftingSize { get; }

    /// <summary>Bits per frame: n = BaseColumns * z.</summary>
    public int BlockLength => BaseColumns * LiftingSize;

    /// <summary>Parity checks (syndrome bits of the full code): m = BaseRows * z.</summary>
    public int CheckCount => BaseRows * LiftingSize;

    /// <summary>Number of circulants (non-empty base entries).</summary>
    public int CirculantCount => _edgeColumn.Length;

    /// <summary>Edges of the lifted Tanner graph.</summary>
    public long EdgeCount => (long)_edgeColumn.Length * LiftingSize;

    /// <summary>
    /// First base column of the degree-2 staircase: column StaircaseStart + j joins base rows j and j + 1 with
    /// shift 0. Puncturing uses these bits because each has two checks that can be made private to it.
    /// </summary>
    public int StaircaseStart { get; }

    /// <summary>Degree of every bit of each base column.</summary>
    public IReadOnlyList<int> ColumnDegrees { get; }

    /// <summary>XxHash64 of the base matrix and lifting size: two stations compare it before reconciling.</summary>
    public ulong Fingerprint { get; }

    /// <summary>Design rate 1 - m/n of the unmodulated code.</summary>
    public double DesignRate => 1.0 - (double)BaseRows / BaseColumns;

    internal ReadOnlySpan<int> RowStart => _rowStart;

    internal ReadOnlySpan<int> EdgeColumns => _edgeColumn;

    internal ReadOnlySpan<int> EdgeShifts => _edgeShift;

    public int RowDegree(int baseRow) => _rowStart[baseRow + 1] - _rowStart[baseRow];

    /// <summary>The circulants of base row <paramref name="baseRow"/> as (column, shift) pairs.</summary>
    public IEnumerable<(int Column, int Shift)> Circulants(int baseRow)
    {
        for (int e = _rowStart[baseRow]; e < _rowStart[baseRow + 1]; e++)
        {
            yield return (_edgeColumn[e], _edgeShift[e]);
        }
    }

    /// <summary>Syndrome H x of a packed frame (n bits) into a packed syndrome (m bits).</summary>
    public void ComputeSyndrome(ReadOnlySpan<ulong> frame, Span<ulong> syndrome)
    {
        int z = LiftingSize;
        int wordsPerBlock = z >> 6;
        if (frame.Length < PackedBits.WordCount(BlockLength) || syndrome.Length < PackedBits.WordCount(CheckCount))
        {
            throw new ArgumentException("The frame or syndrome buffer is too short for this code.");
        }

        syndrome[..PackedBits.WordCount(CheckCount)].Clear();
        Span<ulong> rotated = stackalloc ulong[wordsPerBlock];
        for (int r = 0; r < BaseRows; r++)
        {
            Span<ulong> target = syndrome.Slice(r * wordsPerBlock, wordsPerBlock);
            for (int e = _rowStart[r]; e < _rowStart[r + 1]; e++)
            {
                RotateBlock(frame.Slice(_edgeColumn[e] * wordsPerBlock, wordsPerBlock), _edgeShift[e], rotated);
                for (int w = 0; w < wordsPerBlock; w++)
                {
                    target[w] ^= rotated[w];
                }
            }
        }
    }

    /// <summary>The variable indices of every lifted check, for the reference decoder and for tests.</summary>
    public int[][] ExpandChecks()
    {
        int z = LiftingSize;
        var checks = new int[CheckCount][];
        for (int r = 0; r < BaseRows; r++)
        {
            int degree = RowDegree(r);
            for (int i = 0; i < z; i++)
            {
                var row = new int[degree];
                for (int k = 0; k < degree; k++)
                {
                    int e = _rowStart[r] + k;
                    row[k] = _edgeColumn[e] * z + ((i + _edgeShift[e]) % z);
                }

                checks[r * z + i] = row;
            }
        }

        return checks;
    }

    /// <summary>out bit i = block bit (i + shift) mod z, on a z-bit block packed in z/64 words.</summary>
    internal static void RotateBlock(ReadOnlySpan<ulong> block, int shift, Span<ulong> rotated)
    {
        int words = block.Length;
        int q = shift >> 6;
        int r = shift & 63;
        if (r == 0)
        {
            for (int w = 0; w < words; w++)
            {
                rotated[w] = block[(w + q) % words];
            }

            return;
        }

        for (int w = 0; w < words; w++)
        {
            int a = (w + q) % words;
            int b = a + 1 == words ? 0 : a + 1;
            rotated[w] = (block[a] >> r) | (block[b] << (64 - r));
        }
    }

    private ulong ComputeFingerprint()
    {
        var hash = new XxHash64();
        Span<byte> buffer = stackalloc byte[12];
        BinaryPrimitives.WriteInt32LittleEndian(buffer, BaseRows);
        BinaryPrimitives.WriteInt32LittleEndian(buffer[4..], BaseColumns);
        BinaryPrimitives.WriteInt32LittleEndian(buffer[8..], LiftingSize);
        hash.Append(buffer);
        for (int r = 0; r < BaseRows; r++)
        {
            for (int e = _rowStart[r]; e < _rowStart[r + 1]; e++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(buffer, r);
                BinaryPrimitives.WriteInt32LittleEndian(buffer[4..], _edgeColumn[e]);
                BinaryPrimitives.WriteInt32LittleEndian(buffer[8..], _edgeShift[e]);
                hash.Append(buffer);
            }
        }

        return hash.GetCurrentHashAsUInt64();
    }
}
