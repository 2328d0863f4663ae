using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using QkdEdge.Distillation.Bits;

namespace QkdEdge.Distillation.Reconciliation.Ldpc;

/// <summary>
/// Layered (row-serial) decoding of a syndrome in 8-bit saturating fixed point, with the check rule of
/// <see cref="MinSumOptions.CheckNode"/>: normalised/offset min-sum, or belief propagation by box-plus
/// (<see cref="BoxPlusLayer"/>). One base row is a layer of z checks that share no bit, so the z checks are
/// updated together: 32 checks per AVX2 instruction, 64 per AVX-512 instruction (box-plus). A bit's posterior is kept twice in a 2z buffer per base column so that the
/// rotated view a circulant needs is one unaligned load. The box-plus kernel writes each updated vector to both
/// copies as it goes (<see cref="BoxPlusLayer"/>); the min-sum path re-synchronises the copies after each layer.
/// The scalar path performs exactly the same integer operations in the same order, so both paths return
/// identical words, iteration counts and outcomes. An instance owns its workspace: use one per thread.
/// </summary>
public sealed class LayeredMinSumDecoder
{
    private const int Lanes = 32;

    /// <summary>
    /// Bytes before and after each column's two copies: a vector the box-plus kernel mirrors across the middle of
    /// a column spills up to one vector width past either end, into this padding, which nothing reads.
    /// </summary>
    private const int Pad = 64;

    private readonly QcLdpcCode _code;
    private readonly MinSumOptions _options;
    private readonly int _z;
    private readonly int _stride;
    private readonly sbyte[] _posterior;
    private readonly sbyte[] _checkMessages;
    private readonly sbyte[] _syndromeSigns;
    private readonly sbyte[] _layerTemp;
    private readonly sbyte[] _forward;
    private readonly byte[] _correction;
    private readonly Vector256<sbyte> _table256;
    private readonly Vector512<sbyte> _table512;
    private readonly int _maxRowDegree;

    /// <summary>Per edge, where its circulant's rotated window starts in the posterior: column x stride + shift.</summary>
    private readonly int[] _edgeOffsets;

    public LayeredMinSumDecoder(QcLdpcCode code, MinSumOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(code);
        _options = options ?? MinSumOptions.Default;
        _options.Validate();
        _code = code;
        _z = code.LiftingSize;
        _stride = 2 * _z + 2 * Pad;
        _posterior = new sbyte[code.BaseColumns * _stride];
        _checkMessages = new sbyte[code.CirculantCount * _z];
        _syndromeSigns = new sbyte[code.CheckCount];
        for (int r = 0; r < code.BaseRows; r++)
        {
            _maxRowDegree = Math.Max(_maxRowDegree, code.RowDegree(r));
        }

        _edgeOffsets = new int[code.CirculantCount];
        for (int e = 0; e < _edgeOffsets.Length; e++)
        {
            _edgeOffsets[e] = code.EdgeColumns[e] * _stride + code.EdgeShifts[e];
        }

        _layerTemp = new sbyte[_maxRowDegree * 128];
        _forward = new sbyte[_maxRowDegree * 128];
        _correction = BoxPlusTable.Correction(_options.LlrScale);
        _table256 = Avx2Lanes.Table(_correction);
        _table512 = Avx512Lanes.Table(_correction);
        if (_options.CheckNode == CheckNodeRule.BoxPlus)
        {
            for (int r = 0; r < code.BaseRows; r++)
            {
                if (code.RowDegree(r) < 2)
                {
                    throw new ArgumentException("Box-plus decoding needs every check to have at least two bits.", nameof(code));
                }
            }
        }
    }

    public QcLdpcCode Code => _code;

    public MinSumOptions Options => _options;

    /// <summary>True when this decoder will take the AVX2 path.</summary>
    public bool IsVectorized => _options.UseVectors && Avx2.IsSupported;

    /// <summary>
    /// The instruction set this decoder's check-node updates run on here: "AVX-512BW", "AVX2" or "scalar". Benchmark
    /// figures name it, because the same code runs about twice as many lanes per instruction where AVX-512 is present.
    /// </summary>
    public string VectorPath => VectorPathFor(_options, _z);

    /// <summary><see cref="VectorPath"/> of a decoder with these options for circulants of <paramref name="liftingSize"/>, without building one.</summary>
    public static string VectorPathFor(MinSumOptions options, int liftingSize)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.UseVectors && Avx2.IsSupported))
        {
            return "scalar";
        }

        return options.CheckNode == CheckNodeRule.BoxPlus && UsesAvx512(liftingSize) ? "AVX-512BW" : "AVX2";
    }

    /// <summary>The box-plus layer takes 512-bit vectors where z holds an even number of them (z = 64 takes AVX2, whose two 32-lane vectors cover it).</summary>
    private static bool UsesAvx512(int z) => Avx512BW.IsSupported && z % 128 == 0;

    /// <summary>
    /// Decodes: <paramref name="channelLlr"/> holds one quantised log-likelihood ratio per bit of the frame
    /// (positive favours 0; 0 for a punctured bit, +127 for a shortened one), <paramref name="syndrome"/> the
    /// sender's packed syndrome. The hard decisions go to <paramref name="decoded"/> (packed, n bits).
    /// </summary>
    public DecodeOutcome Decode(ReadOnlySpan<sbyte> channelLlr, ReadOnlySpan<ulong> syndrome, Span<ulong> decoded) =>
        Decode(channelLlr, syndrome, decoded, null);

    /// <summary>A state buffer sized for this decoder's code.</summary>
    public DecoderState CreateState() => new(_checkMessages.Length, _code.BlockLength);

    /// <summary>
    /// Decodes, resuming from <paramref name="state"/> when it holds an earlier unsuccessful attempt on the same
    /// syndrome (the change of every bit's channel value is added to its posterior), and saving the state when
    /// this attempt is unsuccessful too. Without a state it is <see cref="Decode(ReadOnlySpan{sbyte}, ReadOnlySpan{ulong}, Span{ulong})"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public DecodeOutcome Decode(ReadOnlySpan<sbyte> channelLlr, ReadOnlySpan<ulong> syndrome, Span<ulong> decoded, DecoderState? state)
    {
        int n = _code.BlockLength;
        if (channelLlr.Length < n || syndrome.Length < PackedBits.WordCount(_code.CheckCount) || decoded.Length < PackedBits.WordCount(n))
        {
            throw new ArgumentException("A buffer is too short for this code.");
        }

        if (state is { IsSet: true })
        {
            Resume(channelLlr, syndrome, state);
        }
        else
        {
            Initialise(channelLlr, syndrome);
        }

        bool vectors = IsVectorized;
        int best = int.MaxValue;
        int sinceBest = 0;
        int iteration = 0;
        int unsatisfied = CountUnsatisfied(vectors);
        while (unsatisfied != 0 && iteration < _options.MaxIterations)
        {
            iteration++;
            if (_options.CheckNode == CheckNodeRule.BoxPlus)
            {
                // The layers count the checks their hard decisions left unsatisfied before updating them; that
                // count lags the word by up to one iteration, so once it is small the exact count (after the last
                // layer) is worth a pass of its own: without it the decoder can pass over the sender's word and
                // keep iterating.
                int seen = 0;
                for (int r = 0; r < _code.BaseRows; r++)
                {
                    seen += UpdateLayerBoxPlus(r, vectors);
                }

                unsatisfied = seen <= _z ? CountUnsatisfied(vectors) : seen;
            }
            else
            {
                for (int r = 0; r < _code.BaseRows; r++)
                {
                    if (vectors)
                    {
                        UpdateLayerAvx2(r);
                    }
                    else
                    {
                        UpdateLayerScalar(r);
                    }
                }

                unsatisfied = CountUnsatisfied(vectors);
            }
            if (unsatisfied < best)
            {
                best = unsatisfied;
                sinceBest = 0;
            }
            else if (++sinceBest >= _options.StallLimit)
            {
                break;
            }
        }

        WriteHardDecisions(decoded);
        if (state is not null)
        {
            if (unsatisfied == 0)
            {
                state.IsSet = false;
            }
            else
            {
                Save(channelLlr, state);
            }
        }

        return new DecodeOutcome(unsatisfied == 0, iteration, unsatisfied);
    }

    private void Save(ReadOnlySpan<sbyte> channelLlr, DecoderState state)
    {
        _checkMessages.CopyTo(state.CheckMessages, 0);
        int z = _z;
        for (int c = 0; c < _code.BaseColumns; c++)
        {
            _posterior.AsSpan(Pad + c * _stride, z).CopyTo(state.Posterior.AsSpan(c * z, z));
        }

        channelLlr[.._code.BlockLength].CopyTo(state.Channel);
        state.IsSet = true;
    }

    private void Resume(ReadOnlySpan<sbyte> channelLlr, ReadOnlySpan<ulong> syndrome, DecoderState state)
    {
        state.CheckMessages.CopyTo(_checkMessages, 0);
        int z = _z;
        for (int c = 0; c < _code.BaseColumns; c++)
        {
            var column = _posterior.AsSpan(Pad + c * _stride, z);
            state.Posterior.AsSpan(c * z, z).CopyTo(column);
            for (int j = 0; j < z; j++)
            {
                int v = c * z + j;
                int change = channelLlr[v] - state.Channel[v];
                if (change != 0)
                {
                    column[j] = (sbyte)SaturateToSByte(column[j] + change);
                }
            }

            column.CopyTo(_posterior.AsSpan(Pad + c * _stride + z, z));
        }

        for (int i = 0; i < _syndromeSigns.Length; i++)
        {
            _syndromeSigns[i] = PackedBits.Get(syndrome, i) ? sbyte.MinValue : (sbyte)0;
        }
    }

    private void Initialise(ReadOnlySpan<sbyte> channelLlr, ReadOnlySpan<ulong> syndrome)
    {
        int z = _z;
        for (int c = 0; c < _code.BaseColumns; c++)
        {
            var source = channelLlr.Slice(c * z, z);
            source.CopyTo(_posterior.AsSpan(Pad + c * _stride, z));
            source.CopyTo(_posterior.AsSpan(Pad + c * _stride + z, z));
        }

        Array.Clear(_checkMessages);
        for (int i = 0; i < _syndromeSigns.Length; i++)
        {
            _syndromeSigns[i] = PackedBits.Get(syndrome, i) ? sbyte.MinValue : (sbyte)0;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void WriteHardDecisions(Span<ulong> decoded)
    {
        int z = _z;
        int words = PackedBits.WordCount(_code.BlockLength);
        decoded[..words].Clear();
        fixed (sbyte* posteriorBuffer = _posterior)
        {
            sbyte* posterior = posteriorBuffer + Pad;
            for (int c = 0; c < _code.BaseColumns; c++)
            {
                sbyte* column = posterior + c * _stride;
                int bitBase = c * z;
                for (int j = 0; j < z; j += 64)
                {
                    ulong word;
                    if (Avx2.IsSupported)
                    {
                        // The sign bit of each posterior is the hard decision: two MOVMSKs give 64 of them.
                        uint low = (uint)Avx2.MoveMask(Avx.LoadVector256(column + j));
                        uint high = (uint)Avx2.MoveMask(Avx.LoadVector256(column + j + 32));
                        word = low | ((ulong)high << 32);
                    }
                    else
                    {
                        word = 0;
                        for (int b = 0; b < 64; b++)
                        {
                            word |= (ulong)((byte)column[j + b] >> 7) << b;
                        }
                    }

                    decoded[(bitBase + j) >> 6] = word;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Normalise(int magnitude)
    {
        int scaled = ((magnitude * _options.NormalizationNumerator) + 16) >> 5;
        return Math.Max(scaled - _options.Offset, 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void UpdateLayerScalar(int r)
    {
        int z = _z;
        var rowStart = _code.RowStart;
        var columns = _code.EdgeColumns;
        var shifts = _code.EdgeShifts;
        int first = rowStart[r];
        int degree = rowStart[r + 1] - first;
        Span<sbyte> temp = _layerTemp.AsSpan(0, degree);
        for (int i = 0; i < z; i++)
        {
            int sign = _syndromeSigns[r * z + i] < 0 ? 1 : 0;
            int min1 = 127;
            int min2 = 127;
            int index = 0;
            for (int k = 0; k < degree; k++)
            {
                int e = first + k;
                int at = Pad + columns[e] * _stride + ((i + shifts[e]) % z);
                int t = SaturateToSByte(_posterior[at] - _checkMessages[e * z + i]);
                temp[k] = (sbyte)t;
                sign ^= t < 0 ? 1 : 0;
                int a = Math.Min(Math.Abs(t), 127);
                bool newMin = a < min1;
                min2 = Math.Min(min2, Math.Max(min1, a));
                min1 = Math.Min(min1, a);
                if (newMin)
                {
                    index = k;
                }
            }

            int m1 = Normalise(min1);
            int m2 = Normalise(min2);
            for (int k = 0; k < degree; k++)
            {
                int e = first + k;
                int t = temp[k];
                int magnitude = k == index ? m2 : m1;
                int negative = sign ^ (t < 0 ? 1 : 0);
                int message = negative != 0 ? -magnitude : magnitude;
                _checkMessages[e * z + i] = (sbyte)message;
                int at = Pad + columns[e] * _stride + ((i + shifts[e]) % z);
                sbyte updated = (sbyte)SaturateToSByte(t + message);
                _posterior[at] = updated;
                _posterior[at + z] = updated;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void UpdateLayerAvx2(int r)
    {
        int z = _z;
        var rowStart = _code.RowStart;
        var columns = _code.EdgeColumns;
        var shifts = _code.EdgeShifts;
        int first = rowStart[r];
        int degree = rowStart[r + 1] - first;
        var max = Vector256.Create((sbyte)127);
        var one = Vector256.Create((sbyte)1);
        var numerator = Vector256.Create((ushort)_options.NormalizationNumerator);
        var half = Vector256.Create((ushort)16);
        var offset = Vector256.Create((byte)_options.Offset);
        fixed (sbyte* posteriorBuffer = _posterior)
        fixed (sbyte* messages = _checkMessages)
        fixed (sbyte* syndromeSigns = _syndromeSigns)
        fixed (sbyte* temp = _layerTemp)
        {
            sbyte* posterior = posteriorBuffer + Pad;
            for (int i0 = 0; i0 < z; i0 += Lanes)
            {
                var sign = Avx.LoadVector256(syndromeSigns + r * z + i0);
                var min1 = max;
                var min2 = max;
                var index = Vector256<sbyte>.Zero;
                for (int k = 0; k < degree; k++)
                {
                    int e = first + k;
                    var l = Avx.LoadVector256(posterior + columns[e] * _stride + shifts[e] + i0);
                    var m = Avx.LoadVector256(messages + e * z + i0);
                    var t = Avx2.SubtractSaturate(l, m);
                    Avx.Store(temp + k * Lanes, t);
                    sign = Avx2.Xor(sign, t);
                    var a = Avx2.Min(Avx2.Abs(t), max.AsByte()).AsSByte();
                    var newMin = Avx2.CompareGreaterThan(min1, a);
                    min2 = Avx2.Min(min2, Avx2.Max(min1, a));
                    min1 = Avx2.Min(min1, a);
                    index = Avx2.BlendVariable(index, Vector256.Create((sbyte)k), newMin);
                }

                var m1 = NormaliseAvx2(min1.AsByte(), numerator, half, offset).AsSByte();
                var m2 = NormaliseAvx2(min2.AsByte(), numerator, half, offset).AsSByte();
                for (int k = 0; k < degree; k++)
                {
                    int e = first + k;
                    var t = Avx.LoadVector256(temp + k * Lanes);
                    var magnitude = Avx2.BlendVariable(m1, m2, Avx2.CompareEqual(index, Vector256.Create((sbyte)k)));
                    var message = Avx2.Sign(magnitude, Avx2.Or(Avx2.Xor(sign, t), one));
                    Avx.Store(messages + e * z + i0, message);
                    Avx.Store(posterior + columns[e] * _stride + shifts[e] + i0, Avx2.AddSaturate(t, message));
                }
            }

            Resynchronise(posterior, r);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe int UpdateLayerBoxPlus(int r, bool vectors)
    {
        int first = _code.RowStart[r];
        int degree = _code.RowStart[r + 1] - first;
        var columns = _code.EdgeColumns.Slice(first, degree);
        var shifts = _code.EdgeShifts.Slice(first, degree);
        fixed (sbyte* posteriorBuffer = _posterior)
        fixed (sbyte* messages = _checkMessages)
        fixed (sbyte* syndromeSigns = _syndromeSigns)
        fixed (sbyte* extrinsic = _layerTemp)
        fixed (sbyte* forward = _forward)
        fixed (int* offsets = &_edgeOffsets[first])
        fixed (int* shiftPointer = shifts)
        {
            sbyte* posterior = posteriorBuffer + Pad;
            sbyte* layerMessages = messages + first * _z;
            sbyte* rowSigns = syndromeSigns + r * _z;
            // The kernels update two vectors at a time.
            if (vectors && UsesAvx512(_z))
            {
                return BoxPlusLayer.Vector<Avx512Lanes, Vector512<sbyte>>(posterior, layerMessages, rowSigns, extrinsic, forward, _z, offsets, shiftPointer, degree, _table512);
            }

            if (vectors)
            {
                return BoxPlusLayer.Vector<Avx2Lanes, Vector256<sbyte>>(posterior, layerMessages, rowSigns, extrinsic, forward, _z, offsets, shiftPointer, degree, _table256);
            }

            return BoxPlusLayer.Scalar(posterior, layerMessages, rowSigns, extrinsic, forward, _z, _stride, columns, shifts, degree, _correction);
        }
    }

    /// <summary>A min-sum vector layer wrote each of its columns' windows [s, s + z); this copies them back over the other copy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void Resynchronise(sbyte* posterior, int r)
    {
        int z = _z;
        var columns = _code.EdgeColumns;
        var shifts = _code.EdgeShifts;
        for (int e = _code.RowStart[r]; e < _code.RowStart[r + 1]; e++)
        {
            int s = shifts[e];
            sbyte* column = posterior + columns[e] * _stride;
            if (s == 0)
            {
                Buffer.MemoryCopy(column, column + z, z, z);
                continue;
            }

            Buffer.MemoryCopy(column + z, column, s, s);
            Buffer.MemoryCopy(column + s, column + z + s, z - s, z - s);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> NormaliseAvx2(Vector256<byte> magnitude, Vector256<ushort> numerator, Vector256<ushort> half, Vector256<byte> offset)
    {
        var low = Avx2.UnpackLow(magnitude, Vector256<byte>.Zero).AsUInt16();
        var high = Avx2.UnpackHigh(magnitude, Vector256<byte>.Zero).AsUInt16();
        low = Avx2.ShiftRightLogical(Avx2.Add(Avx2.MultiplyLow(low, numerator), half), 5);
        high = Avx2.ShiftRightLogical(Avx2.Add(Avx2.MultiplyLow(high, numerator), half), 5);
        var scaled = Avx2.PackUnsignedSaturate(low.AsInt16(), high.AsInt16());
        return Avx2.SubtractSaturate(scaled, offset);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe int CountUnsatisfied(bool vectors)
    {
        int z = _z;
        var rowStart = _code.RowStart;
        var columns = _code.EdgeColumns;
        var shifts = _code.EdgeShifts;
        int unsatisfied = 0;
        fixed (sbyte* posteriorBuffer = _posterior)
        fixed (sbyte* syndromeSigns = _syndromeSigns)
        {
            sbyte* posterior = posteriorBuffer + Pad;
            for (int r = 0; r < _code.BaseRows; r++)
            {
                int first = rowStart[r];
                int last = rowStart[r + 1];
                if (vectors)
                {
                    for (int i0 = 0; i0 < z; i0 += Lanes)
                    {
                        var parity = Avx.LoadVector256(syndromeSigns + r * z + i0);
                        for (int e = first; e < last; e++)
                        {
                            parity = Avx2.Xor(parity, Avx.LoadVector256(posterior + columns[e] * _stride + shifts[e] + i0));
                        }

                        unsatisfied += BitOperations.PopCount((uint)Avx2.MoveMask(parity));
                    }
                }
                else
                {
                    for (int i = 0; i < z; i++)
                    {
                        int parity = syndromeSigns[r * z + i] < 0 ? 1 : 0;
                        for (int e = first; e < last; e++)
                        {
                            parity ^= posterior[columns[e] * _stride + ((i + shifts[e]) % z)] < 0 ? 1 : 0;
                        }

                        unsatisfied += parity;
                    }
                }
            }
        }

        return unsatisfied;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SaturateToSByte(int value) => Math.Clamp(value, sbyte.MinValue, sbyte.MaxValue);
}
