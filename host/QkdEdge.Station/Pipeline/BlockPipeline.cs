using System.IO.Pipelines;
using System.Text;
using QkdEdge.Alignment;
using QkdEdge.Peer.Messages;
using QkdEdge.Protocol.Engine;
using QkdEdge.Station.Blocks;
using QkdEdge.Station.Peer;
using QkdEdge.Station.Planning;
using QkdEdge.Station.Status;

namespace QkdEdge.Station.Pipeline;

/// <summary>
/// Runs cut blocks with the peer over one session, in block order (docs/station.md, "A block between the
/// stations"). Alice leads: she opens each block, Bob answers with his copy or says he has none, Bob sends
/// his time tags, Alice aligns and sends the paired ranges, both run the engine on the paired rounds, and
/// the block is closed (both commit after a key; Alice aborts otherwise). Every failure of the session
/// surfaces as <see cref="PeerLostException"/>: the station then reconnects and goes on with later blocks.
/// </summary>
internal sealed class BlockPipeline
{
    private readonly StationRole _role;
    private readonly int _settingAlphabet;
    private readonly PeerMessages _messages;
    private readonly IBlockEngine _engine;
    private readonly BlockPlan _plan;
    private readonly BlockQueue _queue;
    private readonly AlignmentState _alignment;
    private readonly StatusTracker _status;
    private readonly TimeSpan _receiveTimeout;
    private readonly long _periodTicks;
    private readonly Func<string> _keyBlockPrefix;
    private readonly TimeProvider _time;
    private readonly AuthenticationReplenishment? _replenishment;

    /// <param name="settingAlphabet">This station's number of settings in the protocol (its board's alphabet).</param>
    public BlockPipeline(StationRole role, int settingAlphabet, PeerMessages messages, IBlockEngine engine, BlockPlan plan, BlockQueue queue,
        AlignmentState alignment, StatusTracker status, TimeSpan receiveTimeout, long periodTicks, Func<string> keyBlockPrefix, TimeProvider? time = null,
        AuthenticationReplenishment? replenishment = null)
    {
        _replenishment = replenishment;
        _role = role;
        _settingAlphabet = settingAlphabet;
        _messages = messages;
        _engine = engine;
        _plan = plan;
        _queue = queue;
        _alignment = alignment;
        _status = status;
        _receiveTimeout = receiveTimeout;
        _periodTicks = periodTicks;
        _keyBlockPrefix = keyBlockPrefix;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Runs blocks until <paramref name="stopping"/> is cancelled (a block already under way is finished
    /// first; <paramref name="abort"/> cuts that short too) or the session fails (<see cref="PeerLostException"/>).
    /// </summary>
    public async Task RunAsync(CancellationToken stopping, CancellationToken abort)
    {
        var stopped = Task.Delay(Timeout.Infinite, stopping);
        while (!stopping.IsCancellationRequested)
        {
            if (_role == StationRole.Alice)
            {
                ClosedBlock block;
                try
                {
                    block = await _queue.TakeNextAsync(stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }

                if (Unusable(block) is string reason)
                {
                    _status.BlockSkipped(block.Descriptor.BlockId, reason);
                    continue;
                }

                await RunAsAliceAsync(block, abort).ConfigureAwait(false);
            }
            else
            {
                var receive = _messages.ReceiveAsync(Timeout.InfiniteTimeSpan, abort);
                if (await Task.WhenAny(receive, stopped).ConfigureAwait(false) != receive)
                {
                    // Between blocks: the caller ends the session with a bye, which fails this receive; observe that.
                    _ = receive.ContinueWith(static t => t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
                    return;
                }

                var message = await receive.ConfigureAwait(false);
                if (message is not BlockOpenMessage open)
                    throw new PeerLostException($"the peer sent {PeerBlockChannel.Describe(message)} where a block opening was due (a protocol error)");
                await RunAsBobAsync(open, abort).ConfigureAwait(false);
            }
        }
    }

    private async Task RunAsAliceAsync(ClosedBlock block, CancellationToken cancellationToken)
    {
        long id = block.Descriptor.BlockId;
        string keyBlockId = $"{_keyBlockPrefix()}-{id:D6}";
        _status.Processing(id, "opening");
        await _messages.SendAsync(new BlockOpenMessage(id, block.FirstRound, block.EndRound, Encoding.UTF8.GetBytes(keyBlockId)), cancellationToken).ConfigureAwait(false);
        var reply = await _messages.ReceiveAsync(_receiveTimeout, cancellationToken).ConfigureAwait(false);
        if (reply is BlockAbortMessage refused && refused.BlockId == id)
        {
            _status.ProcessingDone();
            _status.BlockSkipped(id, $"the peer has no usable copy ({refused.Detail})");
            return;
        }

        if (reply is not BlockOpenMessage accepted || accepted.BlockId != id || accepted.FirstRound != block.FirstRound || accepted.EndRound != block.EndRound)
            throw new PeerLostException($"the peer answered the opening of block {id} with {PeerBlockChannel.Describe(reply)} (a protocol error)");

        var opened = _time.GetUtcNow();
        _status.Processing(id, "aligning");
        // Bob's tags are aligned as they arrive; the receiving side also drains what follows an early failed alignment.
        var bobTags = new StreamedTags();
        var receiving = ReceiveTagsAsync(id, bobTags, cancellationToken);
        AlignmentResult result;
        try
        {
            result = await _alignment.AlignAsync(block.Tags, bobTags, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!receiving.IsCompletedSuccessfully)
        {
            await receiving.ConfigureAwait(false); // its failure (the peer's tags) is the cause to report
            throw;
        }

        var received = await receiving.ConfigureAwait(false);
        var aligned = _time.GetUtcNow();
        // Overlapped now: "waited" runs to the last part of Bob's tags, "aligning" is what alignment took after it.
        _status.Aligned(id, result, received - opened, aligned > received ? aligned - received : TimeSpan.Zero);
        if (result.Status != AlignmentStatus.Aligned)
        {
            string detail = $"alignment failed ({result.Status}): {result.Problem}";
            await _messages.SendAsync(new BlockAbortMessage(id, (ushort)StationAbortCode.AlignmentFailed, detail), cancellationToken).ConfigureAwait(false);
            Finish(id, block, keyBlockId, outcome: null, "alignment", detail, 0);
            return;
        }

        var alignment = AlignmentMessage.From(result);
        await _messages.SendAsync(new DataMessage(id, AlignmentMessage.Kind, alignment.Encode()), cancellationToken).ConfigureAwait(false);
        var outcome = await RunEngineAsync(id, block, keyBlockId, alignment, cancellationToken).ConfigureAwait(false);

        if (outcome.IsKey)
        {
            // The engine committed the key; its authentication share goes to the pool before the peer hears of it.
            _replenishment?.DepositCommitted();
            await _messages.SendAsync(new BlockCommitMessage(id, ReadOnlyMemory<byte>.Empty), cancellationToken).ConfigureAwait(false);
            var close = await _messages.ReceiveAsync(_receiveTimeout, cancellationToken).ConfigureAwait(false);
            if (close is not BlockCommitMessage commit || commit.BlockId != id)
                _status.Log(StationLogLevel.Error, $"block {id}: this station holds a key but the peer closed the block with {PeerBlockChannel.Describe(close)}");
            else
                _replenishment?.PeerCommitted(keyBlockId);
        }
        else
        {
            await _messages.SendAsync(new BlockAbortMessage(id, (ushort)outcome.Cause, outcome.Detail ?? outcome.Cause.ToString()), cancellationToken).ConfigureAwait(false);
        }

        Finish(id, block, keyBlockId, outcome, null, null, alignment.PairedRounds);
    }

    private async Task RunAsBobAsync(BlockOpenMessage open, CancellationToken cancellationToken)
    {
        long id = open.BlockId;
        string keyBlockId = Encoding.UTF8.GetString(open.Parameters.Span);
        _status.Processing(id, "waiting for own copy");
        // Half the receive timeout: Alice is waiting for this answer with the full one.
        var block = await _queue.TakeMatchingAsync(open.FirstRound, open.EndRound, _receiveTimeout / 2, cancellationToken).ConfigureAwait(false);
        string? unusable = block is null ? $"no block covers rounds {open.FirstRound}..{open.EndRound - 1} here" : Unusable(block);
        if (unusable is not null || block is null)
        {
            var code = block is null ? StationAbortCode.NotAvailable : StationAbortCode.Unusable;
            await _messages.SendAsync(new BlockAbortMessage(id, (ushort)code, unusable ?? ""), cancellationToken).ConfigureAwait(false);
            _status.ProcessingDone();
            _status.BlockSkipped(id, unusable ?? "");
            return;
        }

        await _messages.SendAsync(new BlockOpenMessage(id, block.FirstRound, block.EndRound, ReadOnlyMemory<byte>.Empty), cancellationToken).ConfigureAwait(false);
        _status.Processing(id, "aligning");
        await SendTagsAsync(id, block, cancellationToken).ConfigureAwait(false);
        block.ReleaseTimeTags(); // pairing needs the indices alone
        // Alice aligns the whole block before she answers: for blocks of 10^8 rounds that takes longer than the receive timeout.
        var reply = await _messages.ReceiveAsync(PeerWaits.ForBlockWork(_receiveTimeout, Math.Max(block.Count, _plan.BlockRounds)), cancellationToken).ConfigureAwait(false);
        if (reply is BlockAbortMessage failed && failed.BlockId == id)
        {
            Finish(id, block, keyBlockId, outcome: null, "alignment", failed.Detail, 0);
            return;
        }

        if (reply is not DataMessage { Kind: AlignmentMessage.Kind } data || data.BlockId != id)
            throw new PeerLostException($"the peer sent {PeerBlockChannel.Describe(reply)} where the alignment of block {id} was due (a protocol error)");
        AlignmentMessage alignment;
        try
        {
            alignment = AlignmentMessage.Decode(data.Payload.Span);
        }
        catch (FormatException ex)
        {
            throw new PeerLostException($"the peer's alignment of block {id} does not parse: {ex.Message}");
        }

        var outcome = await RunEngineAsync(id, block, keyBlockId, alignment, cancellationToken).ConfigureAwait(false);
        if (outcome.IsKey)
        {
            _replenishment?.DepositCommitted();
            await _messages.SendAsync(new BlockCommitMessage(id, ReadOnlyMemory<byte>.Empty), cancellationToken).ConfigureAwait(false);
        }
        var close = await ReceiveAliceCloseAsync(id, skipEngineData: !outcome.IsKey, cancellationToken).ConfigureAwait(false);
        bool peerKey = close is BlockCommitMessage c && c.BlockId == id;
        if (peerKey && outcome.IsKey)
            _replenishment?.PeerCommitted(keyBlockId);
        bool peerAbort = close is BlockAbortMessage a && a.BlockId == id;
        if (!peerKey && !peerAbort)
            throw new PeerLostException($"the peer closed block {id} with {PeerBlockChannel.Describe(close)} (a protocol error)");
        if (peerKey != outcome.IsKey)
            _status.Log(StationLogLevel.Error, $"block {id}: this station {(outcome.IsKey ? "holds a key" : "aborted")} but the peer {(peerKey ? "committed" : "aborted")}");
        Finish(id, block, keyBlockId, outcome, null, null, alignment.PairedRounds);
    }

    /// <summary>
    /// Alice's commit or abort of the block. When Bob's engine gave up early (a message of hers it refused), the rest of
    /// her engine messages for the block may still be on the way (she sends her reveal without waiting for his answer
    /// to her test selection): with <paramref name="skipEngineData"/> they are skipped, up to the most a block of the
    /// plan may send, instead of ending the session as a protocol error.
    /// </summary>
    private async Task<PeerMessage> ReceiveAliceCloseAsync(long id, bool skipEngineData, CancellationToken cancellationToken)
    {
        long budget = PeerBlockChannel.MaxMessageBytesFor(_plan.BlockRounds);
        while (true)
        {
            var message = await _messages.ReceiveAsync(_receiveTimeout, cancellationToken).ConfigureAwait(false);
            if (!skipEngineData || message is not DataMessage data || data.BlockId != id
                || (data.Kind & ~PeerBlockChannel.ContinuedFlag) is 0 or > byte.MaxValue || (budget -= data.Payload.Length) < 0)
                return message;
        }
    }

    /// <param name="id">The block's id in the session: Alice's archive block id, which Bob's own archive need not share.</param>
    private async Task<BlockOutcome> RunEngineAsync(long id, ClosedBlock block, string keyBlockId, AlignmentMessage alignment, CancellationToken cancellationToken)
    {
        var progress = new ProtocolStatus(_status, id, _time);
        var running = StartEngine(id, block, keyBlockId, alignment, progress, cancellationToken);
        BlockOutcome outcome;
        try
        {
            outcome = await running.ConfigureAwait(false);
        }
        catch (ChannelTamperedException ex)
        {
            _status.Tampering("peer");
            throw new PeerLostException($"block {id}: {ex.Message}", retryable: true, ex);
        }

        _status.Log(StationLogLevel.Info, $"block {id} protocol: {progress.PhaseTimes()}");

        if (outcome.Cause == BlockAbortCause.ChannelTampered)
            _status.Tampering("peer");
        if (_messages.Session.IsBroken)
        {
            Finish(id, block, keyBlockId, outcome, null, null, alignment.PairedRounds);
            throw new PeerLostException($"the peer session broke during block {id} ({_messages.Session.BreakReason})");
        }

        return outcome;
    }

    /// <summary>
    /// Pairs the block's rounds and starts the engine on them. Not async, so that no state machine of this pipeline
    /// holds the paired block: the engine lets go of its planes after sifting, and the cut block's are released here.
    /// </summary>
    private Task<BlockOutcome> StartEngine(long id, ClosedBlock block, string keyBlockId, AlignmentMessage alignment, ProtocolStatus progress,
        CancellationToken cancellationToken)
    {
        StationBlock paired;
        try
        {
            paired = PairedBlockBuilder.Build(_role, keyBlockId, block, alignment.Ranges, _settingAlphabet);
        }
        catch (ArgumentException ex)
        {
            throw new PeerLostException($"block {id}: {ex.Message}");
        }

        // The paired block holds what the engine needs (sharing the planes when every round paired); the cut block's
        // tags, and its planes when they were copied, need not stay reachable from here while the engine runs.
        block.ReleaseRounds();
        _status.Processing(id, ProtocolStatus.Prefix);
        var channel = new PeerBlockChannel(_messages, id, _receiveTimeout, PeerBlockChannel.MaxMessageBytesFor(_plan.BlockRounds));
        return _engine.RunAsync(_role, paired, channel, cancellationToken, progress);
    }

    /// <summary>Sends this station's tags as they are encoded: a part leaves as soon as the compressor has filled it.</summary>
    private async Task SendTagsAsync(long id, ClosedBlock block, CancellationToken cancellationToken)
    {
        byte[]? held = null; // one part is held back, so that the last can be sent as TagsEnd
        foreach (var part in TagSeriesCodec.EncodeParts(block.Tags, _periodTicks, StationDataKind.MaxPartBytes))
        {
            if (held is not null)
                await _messages.SendAsync(new DataMessage(id, StationDataKind.TagsPart, held), cancellationToken).ConfigureAwait(false);
            held = part;
        }

        await _messages.SendAsync(new DataMessage(id, StationDataKind.TagsEnd, held!), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Receives the peer's tags and decodes them while they arrive: the parts go through a pipe to the decoder, so
    /// neither the encoding nor its inflated form is held whole, and decoding keeps pace with the peer's encoding.
    /// </summary>
    /// <returns>When the last part arrived and was decoded.</returns>
    private async Task<DateTimeOffset> ReceiveTagsAsync(long id, StreamedTags sink, CancellationToken cancellationToken)
    {
        var pipe = new Pipe();
        using var stopDecoding = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var decoding = DecodeAsync(pipe.Reader, stopDecoding.Token);
        long received = 0;
        bool ended = false;
        try
        {
            while (true)
            {
                // The first part can wait for the peer's own block work; later parts follow as the peer encodes.
                var wait = received == 0 ? PeerWaits.ForBlockWork(_receiveTimeout, _plan.BlockRounds) : _receiveTimeout;
                var message = await _messages.ReceiveAsync(wait, cancellationToken).ConfigureAwait(false);
                if (message is not DataMessage { Kind: StationDataKind.TagsPart or StationDataKind.TagsEnd } data || data.BlockId != id)
                    throw new PeerLostException($"the peer sent {PeerBlockChannel.Describe(message)} where its time tags for block {id} were due (a protocol error)");
                // A tag series takes a few bytes per round (delta-coded indices and tags); 32 is far above any honest one.
                if (received + data.Payload.Length > (32 * _plan.BlockRounds) + StationDataKind.MaxPartBytes)
                    throw new PeerLostException($"the peer's time tags for block {id} grow past {(32 * _plan.BlockRounds) + StationDataKind.MaxPartBytes} bytes for a block of {_plan.BlockRounds} rounds (a protocol error)");
                received += data.Payload.Length;
                ended = data.Kind == StationDataKind.TagsEnd;
                var flush = await pipe.Writer.WriteAsync(data.Payload, cancellationToken).ConfigureAwait(false);
                if (ended || flush.IsCompleted) // completed: the decoder stopped early (an error, or the series ended)
                    break;
            }

            await pipe.Writer.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The decoder must not outlive the exchange: stop it, and let its own failure (if any) go unobserved.
            await pipe.Writer.CompleteAsync(ex).ConfigureAwait(false);
            await stopDecoding.CancelAsync().ConfigureAwait(false);
            await decoding.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }

        try
        {
            await decoding.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new PeerLostException($"the peer's time tags for block {id} do not parse: {ex.Message}");
        }

        if (!ended)
            throw new PeerLostException($"the peer's time tags for block {id} continue after the series ended (a protocol error)");
        return _time.GetUtcNow();

        async Task DecodeAsync(PipeReader reader, CancellationToken token)
        {
            try
            {
                await TagSeriesCodec.DecodeSegmentsAsync(reader.AsStream(leaveOpen: true), _plan.BlockRounds, AlignmentState.ChunkRounds, sink, token).ConfigureAwait(false);
            }
            finally
            {
                // Completing the reader releases the receiving loop if it waits on a full pipe the decoder no longer reads.
                await reader.CompleteAsync().ConfigureAwait(false);
            }
        }
    }

    private static string? Unusable(ClosedBlock block) =>
        block.RngAlarm ? "the board raised an RNG health alarm while the block was open"
        : !block.IsComplete ? $"the block was cut short ({block.Descriptor.End})"
        : block.Count == 0 ? "the block holds no rounds"
        : null;

    private void Finish(long id, ClosedBlock block, string keyBlockId, BlockOutcome? outcome, string? cause, string? detail, long paired)
    {
        var now = _time.GetUtcNow();
        double threshold = outcome?.Thresholds is { } t ? (8 * t.ThresholdWinProbability) - 4 : _plan.ChshAbortThreshold;
        bool key = outcome?.IsKey == true;
        var summary = new BlockSummary(
            id,
            keyBlockId,
            key,
            key ? null : cause ?? outcome?.Cause.ToString(),
            key ? null : detail ?? outcome?.Detail,
            outcome?.Chsh ?? double.NaN,
            outcome?.ChshLower ?? double.NaN,
            outcome?.ChshUpper ?? double.NaN,
            threshold,
            outcome?.ErrorRate ?? double.NaN,
            paired,
            key ? outcome!.KeyBits : 0,
            key ? outcome!.KeySha256 : null,
            outcome?.LeakedBits ?? 0,
            block.ClosedAt - block.OpenedAt,
            now - block.ClosedAt,
            outcome?.Elapsed ?? TimeSpan.Zero,
            now,
            outcome?.ReconciliationEfficiency ?? double.NaN);
        _status.ProcessingDone();
        _status.Finished(summary, block.OpenedAt, block.ClosedAt);
    }
}
