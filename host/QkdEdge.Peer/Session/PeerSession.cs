using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using QkdEdge.Peer.Authentication;
using QkdEdge.Peer.Framing;
using QkdEdge.Peer.Messages;

namespace QkdEdge.Peer.Session;

/// <summary>
/// One authenticated session with the other station's host over any <see cref="Stream"/> (TCP, or in memory).
/// Every frame carries its direction, a sequence number and its key position inside the authenticated data,
/// and is tagged with Wegman-Carter authentication paid from the <see cref="AuthenticationKeyPool"/>; anything
/// altered, replayed, reordered, dropped or truncated breaks the session with a
/// <see cref="PeerSessionBrokenException"/>, and every block not yet committed by both sides becomes
/// <see cref="PeerBlockState.Broken"/>. One task may send while another receives.
/// </summary>
public sealed class PeerSession : IAsyncDisposable
{
    /// <summary>
    /// The protocol spoken, block messages included. Version 2 sends the test selection as Rice-coded gaps when shorter
    /// than its bitmap and reveals only the settings the analysis needs, Bob first; a version-1 peer would misread
    /// both, so the hello refuses it with VersionMismatch.
    /// </summary>
    public const ushort ProtocolVersion = 2;

    /// <summary>Frame layout version, the first header byte of every frame.</summary>
    public const byte FrameVersion = 1;

    private readonly Stream _transport;
    private readonly PeerSessionOptions _options;
    private readonly AuthenticationKeyPool _pool;
    private readonly WegmanCarterAuthenticator _authenticator;
    private readonly PeerDirection _outgoing;
    private readonly PeerDirection _incoming;
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly SemaphoreSlim _receiveGate = new(1, 1);
    private readonly object _stateGate = new();
    private readonly PeerBlockLedger _blocks = new();
    private readonly byte[] _context = new byte[2 * HelloMessage.NonceBytes];
    private readonly PeerFrameReader _frameReader;
    private ulong _sendSequence;
    private ulong _receiveSequence;
    private long _expectedKeyPosition = -1;
    private PeerSessionBrokenException? _broken;
    private bool _byeSent;
    private bool _byeReceived;
    private bool _disposed;

    private PeerSession(Stream transport, PeerSessionOptions options)
    {
        options.Validate();
        _transport = transport;
        _options = options;
        _pool = options.KeyPool;
        _authenticator = new WegmanCarterAuthenticator(_pool, options.TagPoints);
        _frameReader = new PeerFrameReader(transport, options.MaxFrameBytes, options.TagPoints);
        _outgoing = options.Role.Outgoing();
        _incoming = options.Role.Incoming();
    }

    public PeerRole Role => _options.Role;

    /// <summary>The peer's hello.</summary>
    public HelloMessage Peer { get; private set; } = null!;

    /// <summary>The protocol version both sides run.</summary>
    public ushort Version { get; private set; }

    public bool IsBroken => _broken is not null;

    public PeerBreakReason? BreakReason => _broken?.Reason;

    public PeerSessionCounters Counters { get; } = new();

    /// <summary>Dials: sends the first hello, then waits for the peer's.</summary>
    public static async Task<PeerSession> ConnectAsync(Stream transport, PeerSessionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var session = new PeerSession(transport, options);
        try
        {
            session.RequireReserve();
            byte[] nonce = RandomNumberGenerator.GetBytes(HelloMessage.NonceBytes);
            await session.SendFrameAsync(session.OwnHello(nonce, new byte[HelloMessage.NonceBytes]), cancellationToken).ConfigureAwait(false);
            var peer = await session.ReceiveHelloAsync(cancellationToken).ConfigureAwait(false);
            if (!peer.EchoedNonce.Span.SequenceEqual(nonce))
                throw session.Break(PeerBreakReason.HandshakeFailed, "the peer's hello does not echo this session's nonce (a replayed hello)");
            session.Complete(peer, nonce, peer.Nonce.Span);
            return session;
        }
        catch
        {
            await session.AbandonAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Answers a dialling peer: waits for its hello, then sends ours.</summary>
    public static async Task<PeerSession> AcceptAsync(Stream transport, PeerSessionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var session = new PeerSession(transport, options);
        try
        {
            session.RequireReserve();
            var peer = await session.ReceiveHelloAsync(cancellationToken).ConfigureAwait(false);
            if (peer.EchoedNonce.Span.IndexOfAnyExcept((byte)0) >= 0)
                throw session.Break(PeerBreakReason.HandshakeFailed, "the dialling hello carries an echoed nonce");
            byte[] nonce = RandomNumberGenerator.GetBytes(HelloMessage.NonceBytes);
            await session.SendFrameAsync(session.OwnHello(nonce, peer.Nonce.ToArray()), cancellationToken).ConfigureAwait(false);
            session.Complete(peer, peer.Nonce.Span, nonce);
            return session;
        }
        catch
        {
            await session.AbandonAsync().ConfigureAwait(false);
            throw;
        }
    }

    public PeerBlockState GetBlockState(long blockId)
    {
        lock (_stateGate)
            return _blocks.StateOf(blockId);
    }

    /// <summary>
    /// Sends a message. Misuse (data for a block that is not open, sending after bye) throws
    /// <see cref="InvalidOperationException"/> before any key is spent; a short key pool throws
    /// <see cref="AuthenticationKeyExhaustedException"/> and ends the session.
    /// </summary>
    public async Task SendAsync(PeerMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message is HelloMessage)
            throw new InvalidOperationException("The session sends the hello itself.");
        await _sendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_stateGate)
            {
                ThrowIfUnusable();
                if (_byeSent || _byeReceived)
                    throw new InvalidOperationException("The session was closed with a bye.");
                string? problem = _blocks.Check(message, self: true);
                if (problem is not null)
                    throw new InvalidOperationException($"Cannot send {message.Type}: {problem}.");
            }
            await SendFrameAsync(message, cancellationToken).ConfigureAwait(false);
            lock (_stateGate)
            {
                _blocks.Apply(message, self: true);
                if (message is ByeMessage)
                    _byeSent = true;
            }
        }
        finally
        {
            _sendGate.Release();
        }
    }

    /// <summary>
    /// Receives the next message, verified and in order. A <see cref="ByeMessage"/> means the peer ended the
    /// session cleanly. Anything wrong on the wire throws <see cref="PeerSessionBrokenException"/>.
    /// </summary>
    public async Task<PeerMessage> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        await _receiveGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_stateGate)
            {
                ThrowIfUnusable();
                if (_byeReceived)
                    throw new InvalidOperationException("The peer closed the session with a bye.");
            }
            var message = await ReceiveFrameAsync(hello: false, cancellationToken).ConfigureAwait(false);
            lock (_stateGate)
            {
                string? problem = _blocks.Check(message, self: false);
                if (problem is not null)
                    throw Break(PeerBreakReason.UnexpectedMessage, $"{message.Type}: {problem}");
                _blocks.Apply(message, self: false);
                if (message is ByeMessage)
                    _byeReceived = true;
            }
            return message;
        }
        finally
        {
            _receiveGate.Release();
        }
    }

    /// <summary>Ends the session: sends a bye if it is still healthy, flushes, saves the key pool's positions.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        bool sendBye;
        lock (_stateGate)
            sendBye = _broken is null && !_byeSent && !_byeReceived && Peer is not null;
        if (sendBye)
        {
            try
            {
                await SendAsync(new ByeMessage(0, "session closed"), CancellationToken.None).ConfigureAwait(false);
                await _transport.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is PeerSessionBrokenException or AuthenticationKeyExhaustedException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                // Closing anyway: the peer sees the connection end without a bye and breaks its side.
            }
        }
        lock (_stateGate)
        {
            _blocks.EndAll(PeerBlockState.Aborted);
            _disposed = true;
        }
        _pool.Flush();
        if (!_options.LeaveTransportOpen)
            await _transport.DisposeAsync().ConfigureAwait(false);
    }

    private HelloMessage OwnHello(byte[] nonce, byte[] echoed) => new(
        _options.MinVersion, _options.MaxVersion, _options.Role, _options.StationId, _options.NextBlockId, nonce, echoed, _options.HelloParameters.ToArray());

    private void RequireReserve()
    {
        long need = _options.MinimumReserveBits;
        foreach (var direction in new[] { _outgoing, _incoming })
        {
            long available = _pool.AvailableBits(direction);
            if (available < need)
                throw new AuthenticationKeyExhaustedException(direction, need, available);
        }
    }

    private async Task<HelloMessage> ReceiveHelloAsync(CancellationToken cancellationToken)
    {
        var hello = (HelloMessage)await ReceiveFrameAsync(hello: true, cancellationToken).ConfigureAwait(false);
        if (hello.Role == _options.Role)
            throw Break(PeerBreakReason.HandshakeFailed, $"both ends are {hello.Role}");
        ushort version = Math.Min(hello.MaxVersion, _options.MaxVersion);
        if (version < Math.Max(hello.MinVersion, _options.MinVersion))
            throw Break(PeerBreakReason.VersionMismatch, $"peer speaks versions {hello.MinVersion}..{hello.MaxVersion}, this host {_options.MinVersion}..{_options.MaxVersion}");
        Version = version;
        return hello;
    }

    private void Complete(HelloMessage peer, ReadOnlySpan<byte> dialNonce, ReadOnlySpan<byte> answerNonce)
    {
        // From here on every tag also covers both nonces: frames of any earlier session no longer verify.
        dialNonce.CopyTo(_context);
        answerNonce.CopyTo(_context.AsSpan(HelloMessage.NonceBytes));
        Peer = peer;
    }

    private async Task SendFrameAsync(PeerMessage message, CancellationToken cancellationToken)
    {
        var payload = new ArrayBufferWriter<byte>(256);
        PeerMessageCodec.Encode(message, payload);
        int frameLength = PeerFrameHeader.Size + payload.WrittenCount + _authenticator.TagBytes;
        if (frameLength > _options.MaxFrameBytes)
            throw new ArgumentException($"A {message.Type} frame of {frameLength} bytes exceeds the {_options.MaxFrameBytes}-byte cap; split the data.", nameof(message));
        if (payload.WrittenCount > PeerFrameLimits.MaxPayloadBytes(message.Type, _options.MaxFrameBytes, _authenticator.TagBytes))
            throw new ArgumentException($"A {message.Type} payload of {payload.WrittenCount} bytes exceeds the cap of its type; the peer would refuse it.", nameof(message));

        Span<ulong> pads = stackalloc ulong[_authenticator.Points];
        long keyPosition;
        try
        {
            keyPosition = _pool.DrawForSending(_outgoing, pads);
        }
        catch (AuthenticationKeyExhaustedException ex)
        {
            Break(PeerBreakReason.KeyPoolExhausted, ex.Message);
            throw;
        }
        long spent = _pool.Position(_outgoing) - keyPosition;

        byte[] frame = new byte[PeerFrameHeader.LengthPrefixSize + frameLength];
        BinaryPrimitives.WriteInt32LittleEndian(frame, frameLength);
        var header = new PeerFrameHeader(FrameVersion, message.Type, _outgoing, payload.WrittenCount, _sendSequence, keyPosition, _authenticator.Points);
        var headerBytes = frame.AsSpan(PeerFrameHeader.LengthPrefixSize, PeerFrameHeader.Size);
        header.Write(headerBytes);
        payload.WrittenSpan.CopyTo(frame.AsSpan(PeerFrameHeader.LengthPrefixSize + PeerFrameHeader.Size));
        _authenticator.ComputeTag(pads, _context, headerBytes, payload.WrittenSpan, frame.AsSpan(frame.Length - _authenticator.TagBytes));
        _sendSequence++;
        try
        {
            await _transport.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            await _transport.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            throw Break(ex is OperationCanceledException ? PeerBreakReason.Cancelled : PeerBreakReason.TransportFailed, $"sending {message.Type} failed: {ex.Message}", ex);
        }
        Counters.RecordSent(frame.Length, spent);
    }

    private async Task<PeerMessage> ReceiveFrameAsync(bool hello, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ReceiveTimeout);
        PeerFrameRead read;
        try
        {
            read = await _frameReader.ReadAsync(hello, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex)
        {
            throw cancellationToken.IsCancellationRequested
                ? Break(PeerBreakReason.Cancelled, "receive cancelled by the caller", ex)
                : Break(PeerBreakReason.Timeout, $"no frame within {_options.ReceiveTimeout}", ex);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            throw Break(PeerBreakReason.TransportFailed, $"receive failed: {ex.Message}", ex);
        }
        if (read.Body is not { } body)
            throw Break(read.Reason, read.Problem!);
        Counters.RecordReceivedBytes(PeerFrameHeader.LengthPrefixSize + body.Length);
        return Open(body, hello);
    }

    /// <summary>Checks a frame in the order docs/peer-protocol.md gives, and returns its verified message.</summary>
    private PeerMessage Open(byte[] body, bool hello)
    {
        var headerBytes = body.AsSpan(0, PeerFrameHeader.Size);
        string? problem = PeerFrameHeader.TryRead(headerBytes, out var header);
        if (problem is not null)
            throw Break(PeerBreakReason.Malformed, problem);
        if (header.Version != FrameVersion)
            throw Break(PeerBreakReason.VersionMismatch, $"frame version {header.Version}, this host reads {FrameVersion}");
        if (header.TagPoints != _authenticator.Points || header.FrameLength != body.Length)
            throw Break(PeerBreakReason.Malformed, "frame length, payload length and tag size disagree");
        if (header.Direction != _incoming)
            throw Break(PeerBreakReason.DirectionMismatch, $"frame travels {header.Direction}, expected {_incoming} (reflected)");
        if (header.Sequence < _receiveSequence)
            throw Break(PeerBreakReason.Replayed, $"sequence {header.Sequence} already received (expected {_receiveSequence})");
        if (header.Sequence > _receiveSequence)
            throw Break(PeerBreakReason.OutOfOrder, $"sequence {header.Sequence} where {_receiveSequence} was expected (dropped or reordered)");
        if ((header.Type == PeerMessageType.Hello) != hello)
            throw Break(PeerBreakReason.UnexpectedMessage, hello ? $"{header.Type} before the hello" : "a second hello");

        long known = _pool.Position(_incoming);
        if (hello)
        {
            // A hello may jump ahead (the peer restarted and skipped its reservation), never back. The pads are
            // only peeked until the tag verifies, so a forged hello far ahead moves nothing and wastes no key.
            if (header.KeyPosition < known)
                throw Break(PeerBreakReason.Replayed, $"hello at key position {header.KeyPosition}, already past {known} (a replayed hello)");
        }
        else if (header.KeyPosition != _expectedKeyPosition)
        {
            throw Break(PeerBreakReason.KeyPositionMismatch, $"key position {header.KeyPosition} where {_expectedKeyPosition} was expected");
        }

        Span<ulong> pads = stackalloc ulong[_authenticator.Points];
        if (!_pool.TryPeekReceived(_incoming, header.KeyPosition, pads, out long end, out int rejected))
            throw Break(PeerBreakReason.KeyPoolExhausted, $"no key at position {header.KeyPosition} to verify the frame");
        var payload = body.AsMemory(PeerFrameHeader.Size, header.PayloadLength);
        var tag = body.AsSpan(body.Length - _authenticator.TagBytes);
        var context = hello ? stackalloc byte[_context.Length] : _context;
        if (hello)
            context.Clear();
        if (!_authenticator.Verify(pads, context, headerBytes, payload.Span, tag))
            throw Break(PeerBreakReason.AuthenticationFailed, $"{header.Type} frame {header.Sequence} does not verify");

        _pool.AcceptReceived(_incoming, header.KeyPosition, end, pads.Length, rejected);
        Counters.RecordVerified(end - header.KeyPosition);
        _receiveSequence++;
        _expectedKeyPosition = end;
        return PeerMessageCodec.TryDecode(header.Type, payload, out string? malformed)
            ?? throw Break(PeerBreakReason.Malformed, $"authenticated {header.Type} payload does not parse (peer bug): {malformed}");
    }

    private void ThrowIfUnusable()
    {
        if (_broken is not null)
            throw _broken;
        ObjectDisposedException.ThrowIf(_disposed, this);
    }

    /// <summary>Marks the session broken (once), breaks its open blocks, closes the transport; returns the exception to throw.</summary>
    private PeerSessionBrokenException Break(PeerBreakReason reason, string detail, Exception? inner = null)
    {
        lock (_stateGate)
        {
            if (_broken is not null)
                return _broken;
            var affected = _blocks.EndAll(PeerBlockState.Broken);
            _broken = new PeerSessionBrokenException(reason, detail, affected, inner);
        }
        try
        {
            _transport.Dispose();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The transport is being abandoned; a failure to close it changes nothing.
        }
        return _broken;
    }

    private async Task AbandonAsync()
    {
        lock (_stateGate)
            _disposed = true;
        _pool.Flush();
        if (!_options.LeaveTransportOpen)
            await _transport.DisposeAsync().ConfigureAwait(false);
    }
}
