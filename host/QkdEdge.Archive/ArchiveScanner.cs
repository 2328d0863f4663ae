using System.Buffers.Binary;
using System.Security.Cryptography;
using QkdEdge.Archive.Encoding;
using QkdEdge.Archive.Format;
using QkdEdge.Rounds;

namespace QkdEdge.Archive;

/// <summary>Receives what a scan decodes, in file order. Every member is optional.</summary>
internal interface IArchiveVisitor
{
    void OnHeader(ArchiveHeaderInfo header) { }

    void OnSegment(long index, long offset, ReadOnlySpan<byte> previousHash, long epochAtStart) { }

    /// <summary>
    /// False when the visitor uses only a run's first round and count: the scan then reads each rounds record's
    /// head and leaves its columns undecoded (and unchecked) for whoever reads them later.
    /// </summary>
    bool NeedsRoundColumns => true;

    /// <summary>A run of rounds; its columns are filled only when <see cref="NeedsRoundColumns"/> is true.</summary>
    void OnRounds(RoundBatch run, long epoch, long segment) { }

    void OnEvent(ArchiveEvent e, long segment) { }

    void OnBlockCut(BlockDescriptor block, long segment) { }
}

/// <summary>
/// Reads an archive front to back: checks the header hash, every segment hash in the chain, decodes every
/// record and replays the <see cref="ArchiveLedger"/> rules. Stops at the first problem and classifies it.
/// The writer (on reopen), the reader (to index) and the verifier all go through here.
/// </summary>
internal static class ArchiveScanner
{
    internal sealed class Outcome
    {
        public required ArchiveVerificationReport Report { get; init; }

        public ArchiveLedger? Ledger { get; init; }

        /// <summary>End of the last good data segment (the seal excluded): where a reopened writer appends.</summary>
        public long AppendOffset { get; init; }

        /// <summary>Chain hash at <see cref="AppendOffset"/>.</summary>
        public byte[] AppendHash { get; init; } = [];

        public long DataSegments { get; init; }
    }

    public static Outcome Scan(Stream stream, IArchiveVisitor? visitor = null)
    {
        long fileLength = stream.Length;
        stream.Position = 0;
        if (fileLength < ArchiveLayout.FirstSegmentOffset)
            return Fail(ArchiveIntegrity.Corrupt, fileLength, null, fileLength, null, "file is shorter than its header");

        var headerBytes = new byte[ArchiveLayout.FirstSegmentOffset];
        stream.ReadExactly(headerBytes);
        var header = FileHeader.TryDecode(headerBytes.AsSpan(0, ArchiveLayout.FileHeaderSize), out string headerProblem);
        if (header is null)
            return Fail(ArchiveIntegrity.Corrupt, fileLength, null, 0, null, headerProblem);
        byte[] chain = SHA256.HashData(headerBytes.AsSpan(0, ArchiveLayout.FileHeaderSize));
        if (!chain.AsSpan().SequenceEqual(headerBytes.AsSpan(ArchiveLayout.FileHeaderSize)))
            return Fail(ArchiveIntegrity.Corrupt, fileLength, header, 0, null, "file header does not match its hash");
        visitor?.OnHeader(header);

        var ledger = new ArchiveLedger(header.BlockRounds);
        var codec = new RoundsCodec(header.SettingAlphabet, header.SegmentRounds);
        var run = new RoundBatch(header.SegmentRounds) { StationId = header.StationId };
        var segmentHeader = new byte[ArchiveLayout.SegmentHeaderSize];
        byte[] payload = new byte[4096];
        var hash = new byte[ArchiveLayout.HashSize];
        using var hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long offset = ArchiveLayout.FirstSegmentOffset;
        long index = 0;
        long dataSegments = 0;
        long appendOffset = offset;
        byte[] appendHash = chain;
        bool sealedSeen = false;

        Outcome Stop(ArchiveIntegrity integrity, long badOffset, string problem) => new()
        {
            Report = Summary(integrity, fileLength, header, ledger, index, chain, sealedSeen) with
            {
                FirstBadOffset = badOffset,
                FirstBadSegment = index,
                Problem = problem,
                TornBytes = integrity == ArchiveIntegrity.TornTail ? fileLength - offset : 0,
            },
            Ledger = ledger,
            AppendOffset = appendOffset,
            AppendHash = appendHash,
            DataSegments = dataSegments,
        };

        while (offset < fileLength)
        {
            long remaining = fileLength - offset;
            if (remaining < ArchiveLayout.SegmentHeaderSize)
                return Stop(TailOrCorrupt(stream, offset, fileLength, header, index), offset, "file ends inside a segment header");
            stream.Position = offset;
            stream.ReadExactly(segmentHeader);
            string? problem = SegmentFraming.CheckHeader(segmentHeader, index, out var kind, out int payloadLength);
            if (problem is not null)
                return Stop(AllZero(stream, offset, fileLength) ? ArchiveIntegrity.TornTail : ArchiveIntegrity.Corrupt, offset, problem);
            long segmentEnd = offset + ArchiveLayout.SegmentHeaderSize + payloadLength + ArchiveLayout.HashSize;
            if (segmentEnd > fileLength)
                return Stop(TailOrCorrupt(stream, offset, fileLength, header, index), offset, "file ends inside a segment");
            if (payload.Length < payloadLength)
                payload = new byte[Math.Max(payloadLength, payload.Length * 2)];
            stream.ReadExactly(payload, 0, payloadLength);
            stream.ReadExactly(hash);
            byte[] expected = SegmentFraming.Hash(hasher, chain, segmentHeader, payload.AsSpan(0, payloadLength));
            if (!expected.AsSpan().SequenceEqual(hash))
            {
                var verdict = segmentEnd == fileLength ? ArchiveIntegrity.TornTail : ArchiveIntegrity.Corrupt;
                return Stop(verdict, offset, "segment hash does not match (content changed, or the chain was broken before it)");
            }
            if (sealedSeen)
                return Stop(ArchiveIntegrity.Corrupt, offset, "segment after the seal");

            visitor?.OnSegment(index, offset, chain, ledger.Epoch);
            long payloadOffset = offset + ArchiveLayout.SegmentHeaderSize;
            problem = kind == SegmentKind.Seal
                ? CheckSeal(payload.AsSpan(0, payloadLength), index, ledger)
                : Replay(payload.AsSpan(0, payloadLength), payloadOffset, index, ledger, codec, run, visitor, out payloadOffset);
            if (problem is not null)
                return Stop(ArchiveIntegrity.Corrupt, payloadOffset, problem);

            chain = expected;
            index++;
            offset = segmentEnd;
            if (kind == SegmentKind.Seal)
            {
                sealedSeen = true;
            }
            else
            {
                dataSegments++;
                appendOffset = offset;
                appendHash = chain;
            }
        }

        var integrity = sealedSeen ? ArchiveIntegrity.Intact : ArchiveIntegrity.Open;
        return new Outcome
        {
            Report = Summary(integrity, fileLength, header, ledger, index, chain, sealedSeen) with
            {
                Problem = sealedSeen ? null : "archive has no seal: still being written, writer stopped without closing, or truncated at a segment boundary",
            },
            Ledger = ledger,
            AppendOffset = appendOffset,
            AppendHash = appendHash,
            DataSegments = dataSegments,
        };
    }

    private static string? Replay(
        ReadOnlySpan<byte> payload, long payloadOffset, long segment, ArchiveLedger ledger, RoundsCodec codec,
        RoundBatch run, IArchiveVisitor? visitor, out long badOffset)
    {
        int offset = 0;
        badOffset = payloadOffset;
        if (payload.Length == 0)
            return "empty data segment";
        while (offset < payload.Length)
        {
            badOffset = payloadOffset + offset;
            try
            {
                var body = PayloadRecords.Next(payload, ref offset, out var type);
                string? problem;
                switch (type)
                {
                    case RecordType.Rounds:
                        if (visitor is null || visitor.NeedsRoundColumns)
                        {
                            codec.Decode(body, run);
                        }
                        else
                        {
                            (run.FirstRound, run.Count) = codec.DecodeHeader(body, run.Capacity);
                        }

                        problem = ledger.CheckRounds(run.FirstRound, run.Count);
                        if (problem is not null)
                            return problem;
                        ledger.ApplyRounds(run.FirstRound, run.Count);
                        visitor?.OnRounds(run, ledger.Epoch, segment);
                        break;
                    case RecordType.Event:
                        var e = RecordCodec.DecodeEvent(body);
                        problem = ledger.CheckEvent(e);
                        if (problem is not null)
                            return problem;
                        var stamped = ledger.ApplyEvent(e); // not inside the ?. call: it must run without a visitor too
                        visitor?.OnEvent(stamped, segment);
                        break;
                    case RecordType.BlockCut:
                        var block = RecordCodec.DecodeBlockCut(body);
                        problem = ledger.CheckCut(block);
                        if (problem is not null)
                            return problem;
                        ledger.ApplyCut();
                        visitor?.OnBlockCut(block, segment);
                        break;
                    default:
                        throw new InvalidOperationException("Record type was checked by PayloadRecords.Next.");
                }
            }
            catch (ArchiveFormatException ex)
            {
                return ex.Message;
            }
        }
        return null;
    }

    private static string? CheckSeal(ReadOnlySpan<byte> payload, long index, ArchiveLedger ledger)
    {
        try
        {
            var seal = RecordCodec.DecodeSeal(payload);
            if (seal.Segments != (ulong)index || seal.Rounds != (ulong)ledger.TotalRounds
                || seal.Events != (ulong)ledger.TotalEvents || seal.Blocks != (ulong)ledger.NextBlockId)
                return "seal totals do not match the archive";
            return null;
        }
        catch (ArchiveFormatException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>
    /// A crash can only tear the last write, which is at most one segment. A short remainder that holds no
    /// further segment start is a torn tail; anything longer, or followed by another segment, means bytes
    /// were changed in the middle (for example a length field) and nothing may be dropped automatically.
    /// </summary>
    private static ArchiveIntegrity TailOrCorrupt(Stream stream, long offset, long fileLength, ArchiveHeaderInfo header, long index)
    {
        long remaining = fileLength - offset;
        long largestSegment = ArchiveLayout.SegmentHeaderSize + LargestPayload(header) + ArchiveLayout.HashSize;
        if (remaining > largestSegment)
            return ArchiveIntegrity.Corrupt;
        var rest = new byte[remaining];
        stream.Position = offset;
        stream.ReadExactly(rest);
        // The next segment's header (magic, then index + 1 at byte 8) inside the remainder means the file goes on.
        // Requiring the index too keeps payload bytes that happen to spell the magic from counting.
        var span = rest.AsSpan();
        for (int at = 1; at + 16 <= span.Length; at++)
        {
            int found = span[at..].IndexOf(ArchiveLayout.SegmentMagic);
            if (found < 0 || at + found + 16 > span.Length)
                break;
            at += found;
            if (BinaryPrimitives.ReadUInt64LittleEndian(span[(at + 8)..]) == (ulong)(index + 1))
                return ArchiveIntegrity.Corrupt;
        }
        return ArchiveIntegrity.TornTail;
    }

    /// <summary>Worst case per round: packed setting (at most 8 bits), 2 click bits, a 129-bit tag code; plus events.</summary>
    private static long LargestPayload(ArchiveHeaderInfo header) =>
        Math.Min(ArchiveLayout.MaxPayloadLength, (long)header.SegmentRounds * 18 + 1024 * 1024);

    private static bool AllZero(Stream stream, long offset, long fileLength)
    {
        var buffer = new byte[64 * 1024];
        stream.Position = offset;
        long left = fileLength - offset;
        while (left > 0)
        {
            int n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (n <= 0 || buffer.AsSpan(0, n).IndexOfAnyExcept((byte)0) >= 0)
                return false;
            left -= n;
        }
        return true;
    }

    private static ArchiveVerificationReport Summary(
        ArchiveIntegrity integrity, long fileLength, ArchiveHeaderInfo header, ArchiveLedger ledger, long segments, byte[] chain, bool sealedSeen) => new()
    {
        Integrity = integrity,
        Header = header,
        FileBytes = fileLength,
        Segments = segments,
        Rounds = ledger.TotalRounds,
        Blocks = ledger.NextBlockId,
        Events = ledger.TotalEvents,
        Epochs = ledger.Epoch + 1,
        Sealed = sealedSeen,
        Head = new ArchiveHead(segments, Convert.ToHexStringLower(chain)),
    };

    private static Outcome Fail(ArchiveIntegrity integrity, long fileLength, ArchiveHeaderInfo? header, long badOffset, long? badSegment, string problem) => new()
    {
        Report = new ArchiveVerificationReport
        {
            Integrity = integrity,
            Header = header,
            FileBytes = fileLength,
            FirstBadOffset = badOffset,
            FirstBadSegment = badSegment,
            Problem = problem,
        },
    };
}
