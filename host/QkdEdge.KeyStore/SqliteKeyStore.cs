using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace QkdEdge.KeyStore;

/// <summary>
/// The station's key store on SQLite (one file in the station's data folder). Writes are single
/// transactions with the database in WAL mode and synchronous=FULL, so a host killed mid-write leaves
/// either the whole row or nothing.
/// </summary>
public sealed class SqliteKeyStore : IDisposable
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };
    private readonly SqliteConnection _connection;

    private SqliteKeyStore(SqliteConnection connection) => _connection = connection;

    public string Path { get; private init; } = "";

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/>.</summary>
    public static SqliteKeyStore Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
            Directory.CreateDirectory(folder);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        connection.Open();
        connection.Execute("PRAGMA journal_mode=WAL;");
        connection.Execute("PRAGMA synchronous=FULL;");
        // Key material must not outlive its row: freed pages (a rewritten or discarded key) are zeroed.
        connection.Execute("PRAGMA secure_delete=ON;");
        connection.Execute("""
            CREATE TABLE IF NOT EXISTS block_keys(
                block_id     TEXT PRIMARY KEY,
                state        INTEGER NOT NULL,
                bits         INTEGER NOT NULL,
                key          BLOB NOT NULL,
                sha256       TEXT NOT NULL,
                provenance   TEXT NOT NULL,
                staged_at    TEXT NOT NULL,
                committed_at TEXT
            );
            """);
        AddColumnIfMissing(connection, "auth_bytes", "INTEGER NOT NULL DEFAULT 0");
        AddColumnIfMissing(connection, "auth_deposited", "INTEGER NOT NULL DEFAULT 0");
        AddColumnIfMissing(connection, "commit_seq", "INTEGER");
        return new SqliteKeyStore(connection) { Path = path };
    }

    /// <summary>
    /// Leading bytes of every key staged from now on that are set aside to replenish the peer authentication key
    /// pool: never delivered to applications, moved to the pool once committed (<see cref="PendingAuthenticationDeposits"/>).
    /// Reserving at staging, not later, means a committed key is never deliverable before its share is taken. Both
    /// stations must use the same value (the station checks this in its session hello).
    /// </summary>
    public int AuthenticationReserveBytes
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
        }
    }

    /// <summary>
    /// Stages a verified key of <paramref name="bits"/> bits (packed little-endian in bytes, unused high
    /// bits of the last byte zero). Staging the same block twice with the same key is a no-op; with a
    /// different key it is a bug and throws.
    /// </summary>
    public void Stage(string blockId, ReadOnlySpan<byte> key, int bits, KeyProvenance provenance)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(blockId);
        ArgumentNullException.ThrowIfNull(provenance);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bits);
        if (key.Length != (bits + 7) / 8)
            throw new ArgumentException($"A key of {bits} bits needs {(bits + 7) / 8} bytes, got {key.Length}.", nameof(key));
        if (provenance.BlockId != blockId)
            throw new ArgumentException($"Provenance is for block '{provenance.BlockId}', not '{blockId}'.", nameof(provenance));

        var sha = KeyDigest.Sha256Hex(key);
        using var transaction = _connection.BeginTransaction();
        using (var existing = _connection.Command("SELECT sha256 FROM block_keys WHERE block_id = $id", transaction))
        {
            existing.Parameters.AddWithValue("$id", blockId);
            if (existing.ExecuteScalar() is string existingSha)
            {
                if (existingSha != sha)
                    throw new InvalidOperationException($"Block '{blockId}' already holds a different key.");
                return;
            }
        }

        using (var insert = _connection.Command("""
            INSERT INTO block_keys(block_id, state, bits, key, sha256, provenance, staged_at, auth_bytes)
            VALUES ($id, $state, $bits, $key, $sha, $prov, $at, $auth)
            """, transaction))
        {
            insert.Parameters.AddWithValue("$id", blockId);
            insert.Parameters.AddWithValue("$state", (int)KeyState.Staged);
            insert.Parameters.AddWithValue("$bits", bits);
            insert.Parameters.AddWithValue("$key", key.ToArray());
            insert.Parameters.AddWithValue("$sha", sha);
            insert.Parameters.AddWithValue("$prov", JsonSerializer.Serialize(provenance, JsonOptions));
            insert.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O"));
            insert.Parameters.AddWithValue("$auth", Math.Min(AuthenticationReserveBytes, bits / 8));
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    /// <summary>
    /// Marks a staged key committed (both stations verified) and gives it the next commit sequence number.
    /// Returns false if no such staged key.
    /// </summary>
    public bool Commit(string blockId)
    {
        using var update = _connection.Command("""
            UPDATE block_keys SET state = $c, committed_at = $at,
                commit_seq = (SELECT COALESCE(MAX(commit_seq), 0) + 1 FROM block_keys)
            WHERE block_id = $id AND state = $s
            """);
        update.Parameters.AddWithValue("$c", (int)KeyState.Committed);
        update.Parameters.AddWithValue("$s", (int)KeyState.Staged);
        update.Parameters.AddWithValue("$id", blockId);
        update.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O"));
        return update.ExecuteNonQuery() == 1;
    }

    /// <summary>Erases a staged key (the block aborted, or the peer never confirmed). Committed keys stay.</summary>
    public bool Discard(string blockId)
    {
        using var delete = _connection.Command("DELETE FROM block_keys WHERE block_id = $id AND state = $s");
        delete.Parameters.AddWithValue("$id", blockId);
        delete.Parameters.AddWithValue("$s", (int)KeyState.Staged);
        return delete.ExecuteNonQuery() == 1;
    }

    /// <summary>Block ids of keys staged but not committed: after a crash these are settled with the peer.</summary>
    public IReadOnlyList<string> StagedBlocks()
    {
        using var select = _connection.Command("SELECT block_id FROM block_keys WHERE state = $s ORDER BY staged_at");
        select.Parameters.AddWithValue("$s", (int)KeyState.Staged);
        var ids = new List<string>();
        using var reader = select.ExecuteReader();
        while (reader.Read())
            ids.Add(reader.GetString(0));
        return ids;
    }

    /// <summary>All committed keys, oldest first.</summary>
    public IReadOnlyList<StoredKey> CommittedKeys()
    {
        using var select = _connection.Command("SELECT block_id, key, bits, sha256, provenance, committed_at, auth_bytes FROM block_keys WHERE state = $c ORDER BY commit_seq, committed_at, block_id");
        select.Parameters.AddWithValue("$c", (int)KeyState.Committed);
        var keys = new List<StoredKey>();
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            var provenance = JsonSerializer.Deserialize<KeyProvenance>(reader.GetString(4), JsonOptions)
                ?? throw new InvalidDataException($"Provenance of block '{reader.GetString(0)}' is empty.");
            keys.Add(new StoredKey(reader.GetString(0), (byte[])reader[1], reader.GetInt32(2), reader.GetString(3),
                provenance, DateTimeOffset.Parse(reader.GetString(5), System.Globalization.CultureInfo.InvariantCulture))
            {
                AuthenticationBytes = reader.GetInt32(6),
            });
        }
        return keys;
    }

    /// <summary>
    /// Committed keys whose authentication share has not yet gone to the pool, in commit order, with that share.
    /// Both stations commit the same blocks in the same order, so both deposit the same bytes in the same order.
    /// </summary>
    public IReadOnlyList<(string BlockId, byte[] Share)> PendingAuthenticationDeposits()
    {
        using var select = _connection.Command("""
            SELECT block_id, substr(key, 1, auth_bytes) FROM block_keys
            WHERE state = $c AND auth_bytes > 0 AND auth_deposited = 0 ORDER BY commit_seq, block_id
            """);
        select.Parameters.AddWithValue("$c", (int)KeyState.Committed);
        var pending = new List<(string, byte[])>();
        using var reader = select.ExecuteReader();
        while (reader.Read())
            pending.Add((reader.GetString(0), (byte[])reader[1]));
        return pending;
    }

    /// <summary>
    /// Records that a committed key's authentication share is in the pool, and erases the share from the store
    /// (zeroed in place: it is pad material now and must exist only in the pool). Returns false if the key is not
    /// committed with an undeposited share.
    /// </summary>
    public bool MarkAuthenticationDeposited(string blockId)
    {
        using var transaction = _connection.BeginTransaction();
        byte[] key;
        int share;
        using (var select = _connection.Command("""
            SELECT key, auth_bytes FROM block_keys WHERE block_id = $id AND state = $c AND auth_bytes > 0 AND auth_deposited = 0
            """, transaction))
        {
            select.Parameters.AddWithValue("$id", blockId);
            select.Parameters.AddWithValue("$c", (int)KeyState.Committed);
            using var reader = select.ExecuteReader();
            if (!reader.Read())
                return false;
            key = (byte[])reader[0];
            share = reader.GetInt32(1);
        }

        Array.Clear(key, 0, Math.Min(share, key.Length));
        using (var update = _connection.Command("UPDATE block_keys SET auth_deposited = 1, key = $key WHERE block_id = $id", transaction))
        {
            update.Parameters.AddWithValue("$id", blockId);
            update.Parameters.AddWithValue("$key", key);
            update.ExecuteNonQuery();
        }
        transaction.Commit();
        return true;
    }

    /// <summary>The state of a block's key, or null when the store holds nothing for it.</summary>
    public KeyState? StateOf(string blockId)
    {
        using var select = _connection.Command("SELECT state FROM block_keys WHERE block_id = $id");
        select.Parameters.AddWithValue("$id", blockId);
        return select.ExecuteScalar() is long state ? (KeyState)state : null;
    }

    /// <summary>
    /// Opens the delivery ledger over this store's file: it hands committed keys out to applications
    /// and erases what it delivered (see <see cref="Delivery.KeyDeliveryLedger"/>). It keeps its own
    /// connection, so the web server's threads never share this store's connection.
    /// </summary>
    public Delivery.KeyDeliveryLedger OpenDeliveryLedger(TimeProvider? time = null) =>
        Delivery.KeyDeliveryLedger.Open(Path, time ?? TimeProvider.System);

    public void Dispose() => _connection.Dispose();

    private static void AddColumnIfMissing(SqliteConnection connection, string column, string definition)
    {
        using var info = connection.CreateCommand();
        info.CommandText = "SELECT COUNT(*) FROM pragma_table_info('block_keys') WHERE name = $name";
        info.Parameters.AddWithValue("$name", column);
        if ((long)info.ExecuteScalar()! == 0)
            connection.Execute($"ALTER TABLE block_keys ADD COLUMN {column} {definition};");
    }
}
