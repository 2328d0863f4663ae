using System.Threading.Channels;
using QkdEdge.Protocol.Engine;

namespace QkdEdge.Reliability.Tests.Simulation;

/// <summary>The simulated host process died at this point; nothing after it runs (no cleanup, no discard).</summary>
internal sealed class HostKilledException(string message) : Exception(message);

/// <summary>
/// The authenticated peer session of one block, in memory, with one scheduled fault. Faults are keyed to a
/// station's n-th send (of any kind, or of one message kind), so the same schedule strikes at the same protocol
/// step on every run. A cut or tampered
/// link breaks the session at both ends, as <c>PeerSession</c> does (ChannelTamperedException at the receiver).
/// </summary>
internal sealed class SimulatedPeerLink
{
    private readonly Channel<BlockMessage> _toBob = Channel.CreateUnbounded<BlockMessage>();
    private readonly Channel<BlockMessage> _toAlice = Channel.CreateUnbounded<BlockMessage>();
    private readonly PeerFault? _fault;
    private readonly Dictionary<(bool Alice, BlockMessageKind Kind), int> _sendsOfKind = [];
    private int _aliceSends;
    private int _bobSends;

    public SimulatedPeerLink(PeerFault? fault)
    {
        _fault = fault;
        Alice = new End(this, alice: true);
        Bob = new End(this, alice: false);
    }

    public IBlockChannel Alice { get; }

    public IBlockChannel Bob { get; }

    /// <summary>True once the scheduled fault struck.</summary>
    public bool Struck { get; private set; }

    /// <summary>The station whose key store fills up when the fault strikes (handled by the caller).</summary>
    public Action<bool>? KeyStoreFull { get; init; }

    private void Break(string why)
    {
        var error = new ChannelTamperedException(why);
        _toBob.Writer.TryComplete(error);
        _toAlice.Writer.TryComplete(error);
    }

    private Task SendAsync(bool alice, BlockMessageKind kind, ReadOnlyMemory<byte> payload)
    {
        int n = alice ? _aliceSends++ : _bobSends++;
        int ofKind = _sendsOfKind[(alice, kind)] = _sendsOfKind.GetValueOrDefault((alice, kind)) + 1;
        var message = new BlockMessage(kind, payload.ToArray());
        if (_fault is { } fault && !Struck && fault.AtAlice == alice && (fault.AtMessage is { } at ? at == kind && fault.AtSend == ofKind - 1 : fault.AtSend == n))
        {
            Struck = true;
            switch (fault.Kind)
            {
                case PeerFaultKind.LinkCut:
                    Break("peer link lost");
                    break;
                case PeerFaultKind.Tamper:
                    // The receiver's tag check fails on this message: the session breaks before it is delivered.
                    Break("a message failed authentication");
                    break;
                case PeerFaultKind.HostKill:
                    Break("peer link lost: the other host went away");
                    throw new HostKilledException($"{(alice ? "Alice" : "Bob")}'s host killed before send {n} ({kind})");
                case PeerFaultKind.KeyStoreFull:
                    KeyStoreFull?.Invoke(alice);
                    break;
            }
        }

        var outbox = alice ? _toBob : _toAlice;
        if (!outbox.Writer.TryWrite(message))
            throw new ChannelTamperedException("peer session broken");
        return Task.CompletedTask;
    }

    private async Task<BlockMessage> ReceiveAsync(bool alice, CancellationToken cancellationToken)
    {
        try
        {
            return await (alice ? _toAlice : _toBob).Reader.ReadAsync(cancellationToken);
        }
        catch (ChannelClosedException ex) when (ex.InnerException is ChannelTamperedException tampered)
        {
            throw new ChannelTamperedException(tampered.Message);
        }
    }

    /// <summary>Breaks the session from outside: the station on the other end failed.</summary>
    public void Fail(string why) => Break(why);

    private sealed class End(SimulatedPeerLink link, bool alice) : IBlockChannel
    {
        public Task SendAsync(BlockMessageKind kind, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
            link.SendAsync(alice, kind, payload);

        public Task<BlockMessage> ReceiveAsync(CancellationToken cancellationToken) => link.ReceiveAsync(alice, cancellationToken);
    }
}
