using QkdEdge.Archive.Encoding;
using QkdEdge.Archive.Format;
using QkdEdge.Rounds;

namespace QkdEdge.Archive;

/// <summary>
/// Reads an archive back: verifies it on open (the whole chain, and every record's framing and head), indexes its
/// blocks, and streams a block's rounds as <see cref="RoundBatch"/> objects for the pipeline or an offline replay.
/// A rounds record's columns are decoded, and checked, only when its block is read (a columns error then throws
/// <see cref="ArchiveCorruptException"/>): decoding them on open as well doubled the cost of reading a block back. Each segment is verified again
/// against the chain when it is read, so a file changed after opening is caught too. An archive still being
/// written (no seal) or with a torn tail can be read up to its last good segment; a corrupt one cannot.
/// </summary>
public sealed class ArchiveReader : IDisposable
{
    private readonly FileStream _file;
    private readonly Index _index;
    private readonly RoundsCodec _codec;

    private ArchiveReader(FileStream file, ArchiveVerificationReport report, Index index)
    {
        _file = file;
        Verification = report;
        _index = index;
        Header = report.Header!;
        _codec = new RoundsCodec(Header.SettingAlphabet, Header.SegmentRounds);
    }

    public ArchiveHeaderInfo Header { get; }

    /// <summary>The verification done on open.</summary>
    public ArchiveVerificationReport Verification { get; }

    public IReadOnlyList<BlockDescriptor> Blocks => _index.Blocks;

    /// <summary>Every event, in archive order, stamped with its epoch.</summary>
    public IReadOnlyList<ArchiveEvent> Events => _index.Events;

    public static ArchiveReader Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        try
        {
            var index = new Index();
            var outcome = ArchiveScanner.Scan(file, index);
            if (outcome.Report.Integrity == ArchiveIntegrity.Corrupt || outcome.Report.Header is null)
                throw new ArchiveCorruptException(outcome.Report);
            return new ArchiveReader(file, outcome.Report, index);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public BlockDescriptor GetBlock(long blockId) =>
        blockId >= 0 && blockId < _index.Blocks.Count
            ? _index.Blocks[(int)blockId]
            : throw new ArgumentOutOfRangeException(nameof(blockId), blockId, $"The archive holds blocks 0..{_index.Blocks.Count - 1}.");

    /// <summary>The events attached to a block (recorded while it was open, or just before its first round).</summary>
    public IReadOnlyList<ArchiveEvent> EventsOf(long blockId) => _index.BlockEvents[(int)GetBlock(blockId).BlockId];

    /// <summary>
    /// Streams the rounds of one cut block in order. The same <see cref="RoundBatch"/> instance is refilled for
    /// every item (capacity: the archive's segment size): copy what you keep before moving on.
    /// </summary>
    /// <param name="blockId">The block.</param>
    /// <param name="timeTags">
    /// False for a reader that needs settings and clicks only (the stages after alignment): the tags are then not
    /// decoded, nor checked, and <see cref="RoundBatch.TimeTags"/> holds nothing of the block. Reading 10^9 rounds
    /// back, the tags were most of the decoding time.
    /// </param>
    public IEnumerable<RoundBatch> ReadBlock(long blockId, bool timeTags = true)
    {
        var block = GetBlock(blockId);
        var batch = new RoundBatch(Header.SegmentRounds) { StationId = Header.StationId };
        foreach (long segment in _index.BlockSegments[(int)blockId])
        {
            foreach (var _ in ReadSegmentRounds(segment, batch, block, timeTags))
                yield return batch;
        }
    }

    public void Dispose() => _file.Dispose();

    private IEnumerable<bool> ReadSegmentRounds(long segment, RoundBatch batch, BlockDescriptor block, bool timeTags)
    {
        var (offset, previousHash, epoch) = _index.Segments[(int)segment];
        byte[] bytes = ReadVerifiedPayload(segment, offset, previousHash);
        long blockIndex = FloorDiv(block.FirstRound, Header.BlockRounds);
        int position = 0;
        while (position < bytes.Length)
        {
            var (type, start, length) = NextRecord(bytes, ref position);
            if (type == RecordType.Event)
            {
                if (RecordCodec.DecodeEvent(bytes.AsSpan(start, length)).Kind == ArchiveEventKind.BoardReset)
                    epoch++;
                continue;
            }
            if (type != RecordType.Rounds)
                continue;
            try
            {
                _codec.Decode(bytes.AsSpan(start, length), batch, timeTags);
            }
            catch (ArchiveFormatException ex)
            {
                // Open indexed the record from its head; its columns are first decoded here.
                throw new ArchiveCorruptException(Verification with
                {
                    Integrity = ArchiveIntegrity.Corrupt,
                    FirstBadOffset = offset + ArchiveLayout.SegmentHeaderSize + start,
                    FirstBadSegment = segment,
                    Problem = $"rounds record does not decode: {ex.Message}",
                });
            }

            if (epoch == block.Epoch && FloorDiv(batch.FirstRound, Header.BlockRounds) == blockIndex)
                yield return true;
        }
    }

    private static long FloorDiv(long value, long divisor)
    {
        long quotient = Math.DivRem(value, divisor, out long remainder);
        return remainder < 0 ? quotient - 1 : quotient;
    }

    private static (RecordType Type, int Start, int Length) NextRecord(byte[] payload, ref int position)
    {
        var body = PayloadRecords.Next(payload, ref position, out var type);
        return (type, position - body.Length, body.Length);
    }

    private byte[] ReadVerifiedPayload(long segment, long offset, byte[] previousHash)
    {
        var header = new byte[ArchiveLayout.SegmentHeaderSize];
        _file.Position = offset;
        _file.ReadExactly(header);
        string? problem = SegmentFraming.CheckHeader(header, segment, out _, out int length);
        var payload = new byte[length];
        var hash = new byte[ArchiveLayout.HashSize];
        if (problem is null)
        {
            _file.ReadExactly(payload);
            _file.ReadExactly(hash);
            if (!SegmentFraming.Hash(previousHash, header, payload).AsSpan().SequenceEqual(hash))
                problem = "segment hash does not match";
        }
        if (problem is not null)
        {
            throw new ArchiveCorruptException(Verification with
            {
                Integrity = ArchiveIntegrity.Corrupt,
                FirstBadOffset = offset,
                FirstBadSegment = segment,
                Problem = $"changed since it was opened: {problem}",
            });
        }
        return payload;
    }

    /// <summary>Collects, during the verifying scan, where each block's records are.</summary>
    private sealed class Index : IArchiveVisitor
    {
        private List<long> _openSegments = [];
        private List<ArchiveEvent> _openEvents = [];

        public List<BlockDescriptor> Blocks { get; } = [];

        public List<List<long>> BlockSegments { get; } = [];

        public List<List<ArchiveEvent>> BlockEvents { get; } = [];

        public List<ArchiveEvent> Events { get; } = [];

        public List<(long Offset, byte[] PreviousHash, long Epoch)> Segments { get; } = [];

        public void OnSegment(long index, long offset, ReadOnlySpan<byte> previousHash, long epochAtStart) =>
            Segments.Add((offset, previousHash.ToArray(), epochAtStart));

        /// <summary>The index needs where runs are, not what they hold: <see cref="ReadBlock"/> decodes (and checks) the columns.</summary>
        public bool NeedsRoundColumns => false;

        public void OnRounds(RoundBatch run, long epoch, long segment) => Touch(segment);

        public void OnEvent(ArchiveEvent e, long segment)
        {
            Events.Add(e);
            _openEvents.Add(e);
            Touch(segment);
        }

        public void OnBlockCut(BlockDescriptor block, long segment)
        {
            Touch(segment);
            Blocks.Add(block);
            BlockSegments.Add(_openSegments);
            BlockEvents.Add(_openEvents);
            _openSegments = [];
            _openEvents = [];
        }

        private void Touch(long segment)
        {
            if (_openSegments.Count == 0 || _openSegments[^1] != segment)
                _openSegments.Add(segment);
        }
    }
}
