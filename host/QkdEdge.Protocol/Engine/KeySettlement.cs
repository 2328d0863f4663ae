using QkdEdge.KeyStore;
using QkdEdge.Protocol.Messages;

namespace QkdEdge.Protocol.Engine;

/// <summary>
/// Settles keys left staged by a crash or a broken session, so that a key is committed at both stations
/// or at neither. The commit order of <see cref="BlockEngine"/> makes the rule simple: Bob stages (durably)
/// before he tells Alice, and Alice stages only after hearing it, then commits at once. Hence
/// - a block staged or committed at Alice is staged or committed at Bob: both commit it;
/// - a block staged at Bob that Alice does not hold never reached Alice's store: both discard it.
/// Run once per session, before the first block, Alice with <see cref="SettleAsAliceAsync"/> and Bob with
/// <see cref="SettleAsBobAsync"/>.
/// </summary>
public static class KeySettlement
{
    private const int MaxBlocks = 100_000;

    /// <summary>Alice: commits her own staged keys, then answers Bob's staged list. Returns the decisions sent.</summary>
    public static async Task<IReadOnlyList<(string BlockId, bool Commit)>> SettleAsAliceAsync(SqliteKeyStore store, IBlockChannel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(channel);
        foreach (var staged in store.StagedBlocks())
            store.Commit(staged);

        var request = await channel.ReceiveAsync(cancellationToken).ConfigureAwait(false);
        if (request.Kind != BlockMessageKind.SettleRequest)
            throw new MalformedPayloadException($"expected a {BlockMessageKind.SettleRequest} message, got {request.Kind}.");
        var ids = ReadIds(request.Payload.Span);
        var decisions = new List<(string, bool)>(ids.Count);
        var reply = new PayloadWriter().U32((uint)ids.Count);
        foreach (var id in ids)
        {
            bool commit = store.StateOf(id) == KeyState.Committed;
            decisions.Add((id, commit));
            reply.Text(id).U8(commit ? (byte)1 : (byte)0);
        }
        await channel.SendAsync(BlockMessageKind.SettleReply, reply.ToArray(), cancellationToken).ConfigureAwait(false);
        return decisions;
    }

    /// <summary>Bob: sends his staged list and applies Alice's decisions. Returns them.</summary>
    public static async Task<IReadOnlyList<(string BlockId, bool Commit)>> SettleAsBobAsync(SqliteKeyStore store, IBlockChannel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(channel);
        var staged = store.StagedBlocks();
        var request = new PayloadWriter().U32((uint)staged.Count);
        foreach (var id in staged)
            request.Text(id);
        await channel.SendAsync(BlockMessageKind.SettleRequest, request.ToArray(), cancellationToken).ConfigureAwait(false);

        var reply = await channel.ReceiveAsync(cancellationToken).ConfigureAwait(false);
        if (reply.Kind != BlockMessageKind.SettleReply)
            throw new MalformedPayloadException($"expected a {BlockMessageKind.SettleReply} message, got {reply.Kind}.");
        var decisions = ReadDecisions(reply.Payload.Span);
        var expected = new HashSet<string>(staged);
        foreach (var (id, commit) in decisions)
        {
            if (!expected.Remove(id))
                throw new MalformedPayloadException($"Alice settled block '{id}', which Bob did not ask about.");
            if (commit)
                store.Commit(id);
            else
                store.Discard(id);
        }
        if (expected.Count != 0)
            throw new MalformedPayloadException($"Alice left {expected.Count} staged block(s) unsettled.");
        return decisions;
    }

    private static List<string> ReadIds(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        uint count = reader.U32("staged block count");
        if (count > MaxBlocks)
            throw new MalformedPayloadException($"{count} staged blocks exceed the limit of {MaxBlocks}.");
        var ids = new List<string>((int)count);
        for (int i = 0; i < count; i++)
            ids.Add(reader.Text("block id"));
        reader.End();
        return ids;
    }

    private static List<(string, bool)> ReadDecisions(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        uint count = reader.U32("decision count");
        if (count > MaxBlocks)
            throw new MalformedPayloadException($"{count} decisions exceed the limit of {MaxBlocks}.");
        var decisions = new List<(string, bool)>((int)count);
        for (int i = 0; i < count; i++)
        {
            string id = reader.Text("block id");
            byte flag = reader.U8("decision");
            if (flag > 1)
                throw new MalformedPayloadException($"decision {flag} for block '{id}' is neither 0 nor 1.");
            decisions.Add((id, flag == 1));
        }
        reader.End();
        return decisions;
    }
}
