using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace QkdEdge.KeyStore.Delivery;

/// <summary>
/// Hands committed block keys out to applications, each bit at most once per station, and erases
/// every delivered bit from the store in the same transaction, keeping only the range's metadata.
/// A master-side request takes fresh ranges from the link's blocks, oldest block first, each block
/// from its lowest undelivered byte on; a slave-side request takes exactly the ranges its key IDs
/// name. Either way every range is checked against all ranges the station delivered before, so a
/// key ID cannot be redeemed twice, nor can two key IDs share bits.
/// </summary>
/// <remarks>
/// The ledger has its own SQLite connection to the key store file (WAL mode lets it work beside the
/// connection the station stages and commits through) with secure_delete on, so erased key bytes are
/// overwritten in the database file rather than left in free pages; after each delivery it
/// checkpoints and truncates the write-ahead log, which otherwise would still hold the old page
/// images. Calls are serialised: the web server calls in from many threads and a SQLite connection
/// serves one at a time.
/// </remarks>
public sealed class KeyDeliveryLedger : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();

    private KeyDeliveryLedger(SqliteConnection connection, TimeProvider time)
    {
        _connection = connection;
        _time = time;
    }

    internal static KeyDeliveryLedger Open(string path, TimeProvider time)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString());
        connection.Open();
        try
        {
            connection.Execute("PRAGMA synchronous=FULL;");
            connection.Execute("PRAGMA secure_delete=ON;");
            connection.Execute("""
                CREATE TABLE IF NOT EXISTS delivery_blocks(
                    block_id    TEXT PRIMARY KEY,
                    tag         TEXT NOT NULL,
                    excluded    INTEGER NOT NULL DEFAULT 0,
                    enrolled_at TEXT NOT NULL
                );
                CREATE INDEX IF NOT EXISTS delivery_blocks_tag ON delivery_blocks(tag);
                CREATE TABLE IF NOT EXISTS delivery_ranges(
                    block_id     TEXT NOT NULL,
                    bit_offset   INTEGER NOT NULL,
                    bit_length   INTEGER NOT NULL,
                    key_id       TEXT NOT NULL UNIQUE,
                    role         INTEGER NOT NULL,
                    master_sae   TEXT NOT NULL,
                    slave_sae    TEXT NOT NULL,
                    delivered_at TEXT NOT NULL,
                    PRIMARY KEY(block_id, bit_offset)
                );
                """);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        return new KeyDeliveryLedger(connection, time);
    }

    /// <summary>What the link can still draw here, in keys of <paramref name="keyBytes"/> bytes and in bits.</summary>
    public LinkLevel Level(Func<string, bool> servesLink, int keyBytes)
    {
        ArgumentNullException.ThrowIfNull(servesLink);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keyBytes);
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            Enrol(transaction);
            long keys = 0, bits = 0;
            var blocks = 0;
            foreach (var block in DeliverableBlocks(transaction))
            {
                if (!servesLink(block.BlockId))
                    continue;
                blocks++;
                keys += (block.CapacityBytes - block.HighWaterBytes) / keyBytes;
                bits += 8L * (block.CapacityBytes - block.DeliveredBytes);
            }
            transaction.Commit();
            return new LinkLevel(keys, bits, blocks);
        }
    }

    /// <summary>
    /// Takes <paramref name="count"/> fresh keys of <paramref name="keyBytes"/> bytes for the master
    /// SAE of a link, or nothing (<see cref="TakeStatus.InsufficientKey"/>) when the link's blocks
    /// cannot supply them all.
    /// </summary>
    public TakeResult TakeAsMaster(Func<string, bool> servesLink, int count, int keyBytes, string masterSaeId, string slaveSaeId)
    {
        ArgumentNullException.ThrowIfNull(servesLink);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keyBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(keyBytes, KeyIdCodec.MaxByteLength);
        ArgumentException.ThrowIfNullOrWhiteSpace(masterSaeId);
        ArgumentException.ThrowIfNullOrWhiteSpace(slaveSaeId);
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            Enrol(transaction);
            var picks = new List<(BlockRow Block, KeyLocation Location)>(count);
            foreach (var block in DeliverableBlocks(transaction))
            {
                if (!servesLink(block.BlockId))
                    continue;
                for (var offset = block.HighWaterBytes; picks.Count < count && offset + keyBytes <= block.CapacityBytes; offset += keyBytes)
                    picks.Add((block, new KeyLocation(block.Tag, offset, keyBytes)));
                if (picks.Count == count)
                    break;
            }
            if (picks.Count < count)
                return TakeResult.Refused(TakeStatus.InsufficientKey);

            var keys = Deliver(transaction, picks, DeliveryRole.Master, masterSaeId, slaveSaeId);
            transaction.Commit();
            TruncateLog();
            return new TakeResult(TakeStatus.Delivered, keys);
        }
    }

    /// <summary>
    /// Takes the keys at <paramref name="locations"/> (decoded from the key IDs a slave SAE
    /// presented), in that order, or nothing when any of them is unknown, already delivered, or
    /// belongs to another link (the result names the first such location).
    /// </summary>
    public TakeResult TakeAsSlave(IReadOnlyList<KeyLocation> locations, Func<string, bool> servesLink, string masterSaeId, string slaveSaeId)
    {
        ArgumentNullException.ThrowIfNull(locations);
        ArgumentNullException.ThrowIfNull(servesLink);
        ArgumentException.ThrowIfNullOrWhiteSpace(masterSaeId);
        ArgumentException.ThrowIfNullOrWhiteSpace(slaveSaeId);
        if (locations.Count == 0)
            throw new ArgumentException("At least one key location is needed.", nameof(locations));
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            Enrol(transaction);
            var byTag = DeliverableBlocks(transaction).ToDictionary(block => block.Tag);
            var picks = new List<(BlockRow Block, KeyLocation Location)>(locations.Count);
            for (int i = 0; i < locations.Count; i++)
            {
                var location = locations[i];
                if (!byTag.TryGetValue(location.Block, out var block))
                    return TakeResult.RefusedAt(TakeStatus.KeyNotFound, i);
                if (!servesLink(block.BlockId))
                    return TakeResult.RefusedAt(TakeStatus.OtherLink, i);
                if (location.ByteEnd > block.CapacityBytes || location.ByteOffset < block.ReservedBytes
                    || picks.Exists(p => p.Block.BlockId == block.BlockId && Overlaps(p.Location, location))
                    || AnyDeliveredOverlap(transaction, block.BlockId, location))
                    return TakeResult.RefusedAt(TakeStatus.KeyNotFound, i);
                picks.Add((block, location));
            }

            var keys = Deliver(transaction, picks, DeliveryRole.Slave, masterSaeId, slaveSaeId);
            transaction.Commit();
            TruncateLog();
            return new TakeResult(TakeStatus.Delivered, keys);
        }
    }

    /// <summary>Every range this station delivered from <paramref name="blockId"/>, by offset.</summary>
    public IReadOnlyList<DeliveredRange> DeliveredRanges(string blockId)
    {
        lock (_gate)
        {
            using var select = _connection.Command("""
                SELECT block_id, bit_offset, bit_length, key_id, role, master_sae, slave_sae, delivered_at
                FROM delivery_ranges WHERE block_id = $id ORDER BY bit_offset
                """);
            select.Parameters.AddWithValue("$id", blockId);
            using var reader = select.ExecuteReader();
            var ranges = new List<DeliveredRange>();
            while (reader.Read())
                ranges.Add(new DeliveredRange(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetString(3),
                    (DeliveryRole)reader.GetInt32(4), reader.GetString(5), reader.GetString(6),
                    DateTimeOffset.Parse(reader.GetString(7), CultureInfo.InvariantCulture)));
            return ranges;
        }
    }

    /// <summary>Waits for a call in progress, so a scrape or request racing shutdown never sees a half-closed connection.</summary>
    public void Dispose()
    {
        lock (_gate)
            _connection.Dispose();
    }

    private List<DeliveredKey> Deliver(SqliteTransaction transaction, List<(BlockRow Block, KeyLocation Location)> picks,
        DeliveryRole role, string masterSaeId, string slaveSaeId)
    {
        var at = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        var keys = new DeliveredKey[picks.Count];
        foreach (var group in picks.Select((pick, index) => (pick, index)).GroupBy(p => p.pick.Block.BlockId))
        {
            var material = ReadKey(transaction, group.Key);
            try
            {
                foreach (var ((_, location), index) in group)
                {
                    var span = material.AsSpan(location.ByteOffset, location.ByteLength);
                    var keyId = KeyIdCodec.Format(location);
                    keys[index] = new DeliveredKey(keyId, span.ToArray(), group.Key, location);
                    span.Clear();
                    InsertRange(transaction, group.Key, location, keyId, role, masterSaeId, slaveSaeId, at);
                }
                WriteKey(transaction, group.Key, material);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(material);
            }
        }
        return [.. keys];
    }

    /// <summary>
    /// Gives every committed block not yet known to the ledger its tag. Blocks whose tags collide are
    /// all excluded from delivery, at both stations alike, since a key ID could not tell them apart.
    /// </summary>
    private void Enrol(SqliteTransaction transaction)
    {
        var fresh = new List<string>();
        using (var select = _connection.Command("""
            SELECT k.block_id FROM block_keys k LEFT JOIN delivery_blocks d ON d.block_id = k.block_id
            WHERE k.state = $c AND d.block_id IS NULL ORDER BY k.committed_at, k.block_id
            """, transaction))
        {
            select.Parameters.AddWithValue("$c", (int)KeyState.Committed);
            using var reader = select.ExecuteReader();
            while (reader.Read())
                fresh.Add(reader.GetString(0));
        }

        var at = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        foreach (var blockId in fresh)
        {
            var tag = BlockTag.Of(blockId).ToString();
            using var exclude = _connection.Command("UPDATE delivery_blocks SET excluded = 1 WHERE tag = $tag", transaction);
            exclude.Parameters.AddWithValue("$tag", tag);
            var collided = exclude.ExecuteNonQuery() > 0;

            using var insert = _connection.Command("INSERT INTO delivery_blocks(block_id, tag, excluded, enrolled_at) VALUES ($id, $tag, $ex, $at)", transaction);
            insert.Parameters.AddWithValue("$id", blockId);
            insert.Parameters.AddWithValue("$tag", tag);
            insert.Parameters.AddWithValue("$ex", collided ? 1 : 0);
            insert.Parameters.AddWithValue("$at", at);
            insert.ExecuteNonQuery();
        }
    }

    private List<BlockRow> DeliverableBlocks(SqliteTransaction transaction)
    {
        using var select = _connection.Command("""
            SELECT d.block_id, d.tag, k.bits, k.auth_bytes,
                   COALESCE((SELECT MAX(r.bit_offset + r.bit_length) FROM delivery_ranges r WHERE r.block_id = d.block_id), 0),
                   COALESCE((SELECT SUM(r.bit_length) FROM delivery_ranges r WHERE r.block_id = d.block_id), 0)
            FROM delivery_blocks d JOIN block_keys k ON k.block_id = d.block_id
            WHERE d.excluded = 0 AND k.state = $c
            ORDER BY k.committed_at, k.block_id
            """, transaction);
        select.Parameters.AddWithValue("$c", (int)KeyState.Committed);
        using var reader = select.ExecuteReader();
        var blocks = new List<BlockRow>();
        while (reader.Read())
        {
            var tag = new BlockTag(UInt128.Parse(reader.GetString(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            // Only whole bytes are delivered, and only as far as key IDs can address. The leading bytes set aside
            // for peer authentication count as taken: delivery starts after them.
            var capacity = (int)Math.Min(reader.GetInt64(2) / 8, KeyIdCodec.MaxByteOffset);
            var reserved = (int)Math.Min(reader.GetInt64(3), capacity);
            blocks.Add(new BlockRow(reader.GetString(0), tag, capacity, Math.Max(reserved, (int)(reader.GetInt64(4) / 8)),
                reserved + (int)(reader.GetInt64(5) / 8), reserved));
        }
        return blocks;
    }

    private bool AnyDeliveredOverlap(SqliteTransaction transaction, string blockId, KeyLocation location)
    {
        using var select = _connection.Command("""
            SELECT 1 FROM delivery_ranges
            WHERE block_id = $id AND bit_offset < $end AND bit_offset + bit_length > $start LIMIT 1
            """, transaction);
        select.Parameters.AddWithValue("$id", blockId);
        select.Parameters.AddWithValue("$start", location.BitOffset);
        select.Parameters.AddWithValue("$end", 8L * location.ByteEnd);
        return select.ExecuteScalar() is not null;
    }

    private static bool Overlaps(KeyLocation a, KeyLocation b) => a.ByteOffset < b.ByteEnd && b.ByteOffset < a.ByteEnd;

    private byte[] ReadKey(SqliteTransaction transaction, string blockId)
    {
        using var select = _connection.Command("SELECT key FROM block_keys WHERE block_id = $id", transaction);
        select.Parameters.AddWithValue("$id", blockId);
        return select.ExecuteScalar() as byte[] ?? throw new InvalidDataException($"Block '{blockId}' has no key material.");
    }

    private void WriteKey(SqliteTransaction transaction, string blockId, byte[] material)
    {
        using var update = _connection.Command("UPDATE block_keys SET key = $key WHERE block_id = $id", transaction);
        update.Parameters.AddWithValue("$id", blockId);
        update.Parameters.AddWithValue("$key", material);
        update.ExecuteNonQuery();
    }

    private void InsertRange(SqliteTransaction transaction, string blockId, KeyLocation location, string keyId,
        DeliveryRole role, string masterSaeId, string slaveSaeId, string at)
    {
        using var insert = _connection.Command("""
            INSERT INTO delivery_ranges(block_id, bit_offset, bit_length, key_id, role, master_sae, slave_sae, delivered_at)
            VALUES ($id, $offset, $length, $key, $role, $master, $slave, $at)
            """, transaction);
        insert.Parameters.AddWithValue("$id", blockId);
        insert.Parameters.AddWithValue("$offset", location.BitOffset);
        insert.Parameters.AddWithValue("$length", location.BitLength);
        insert.Parameters.AddWithValue("$key", keyId);
        insert.Parameters.AddWithValue("$role", (int)role);
        insert.Parameters.AddWithValue("$master", masterSaeId);
        insert.Parameters.AddWithValue("$slave", slaveSaeId);
        insert.Parameters.AddWithValue("$at", at);
        insert.ExecuteNonQuery();
    }

    /// <summary>
    /// Copies the log into the database and truncates it, so the pre-erasure page images leave the
    /// log file. A reader on another connection can hold the checkpoint back; then the images go at
    /// a later delivery's checkpoint, and the result is not an error.
    /// </summary>
    private void TruncateLog()
    {
        using var checkpoint = _connection.Command("PRAGMA wal_checkpoint(TRUNCATE);");
        checkpoint.ExecuteNonQuery();
    }

    private sealed record BlockRow(string BlockId, BlockTag Tag, int CapacityBytes, int HighWaterBytes, int DeliveredBytes, int ReservedBytes);
}
