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
        Execute(connection, "PRAGMA journal_mode=WAL;");
        Execute(connection, "PRAGMA synchronous=FULL;");
        // Key material must not outlive its row: freed pages (a rewritten or discarded key) are zeroed.
        Execute(connection, "PRAGMA secure_delete=ON;");
        Execute(connection, """
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
        return new SqliteKeyStore(connection) { Path = path };
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
        using (var existing = Command("SELECT sha256 FROM block_keys WHERE block_id = $id", transaction))
        {
            existing.Parameters.AddWithValue("$id", blockId);
            if (existing.ExecuteScalar() is string existingSha)
            {
                if (existingSha != sha)
                    throw new InvalidOperationException($"Block '{blockId}' already holds a different key.");
                return;
            }
        }

        using (var insert = Command("""
            INSERT INTO block_keys(block_id, state, bits, key, sha256, provenance, staged_at)
            VALUES ($id, $state, $bits, $key, $sha, $prov, $at)
            """, transaction))
        {
            insert.Parameters.AddWithValue("$id", blockId);
            insert.Parameters.AddWithValue("$state", (int)KeyState.Staged);
            insert.Parameters.AddWithValue("$bits", bits);
            insert.Parameters.AddWithValue("$key", key.ToArray());
            insert.Parameters.AddWithValue("$sha", sha);
            insert.Parameters.AddWithValue("$prov", JsonSerializer.Serialize(provenance, JsonOptions));
            insert.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O"));
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    /// <summary>Marks a staged key committed (both stations verified). Returns false if no such staged key.</summary>
    public bool Commit(string blockId)
    {
        using var update = Command("UPDATE block_keys SET state = $c, committed_at = $at WHERE block_id = $id AND state = $s");
        update.Parameters.AddWithValue("$c", (int)KeyState.Committed);
        update.Parameters.AddWithValue("$s", (int)KeyState.Staged);
        update.Parameters.AddWithValue("$id", blockId);
        update.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O"));
        return update.ExecuteNonQuery() == 1;
    }

    /// <summary>Erases a staged key (the block aborted, or the peer never confirmed). Committed keys stay.</summary>
    public bool Discard(string blockId)
    {
        using var delete = Command("DELETE FROM block_keys WHERE block_id = $id AND state = $s");
        delete.Parameters.AddWithValue("$id", blockId);
        delete.Parameters.AddWithValue("$s", (int)KeyState.Staged);
        return delete.ExecuteNonQuery() == 1;
    }

    /// <summary>Block ids of keys staged but not committed: after a crash these are settled with the peer.</summary>
    public IReadOnlyList<string> StagedBlocks()
    {
        using var select = Command("SELECT block_id FROM block_keys WHERE state = $s ORDER BY staged_at");
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
        using var select = Command("SELECT block_id, key, bits, sha256, provenance, committed_at FROM block_keys WHERE state = $c ORDER BY committed_at, block_id");
        select.Parameters.AddWithValue("$c", (int)KeyState.Committed);
        var keys = new List<StoredKey>();
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            var provenance = JsonSerializer.Deserialize<KeyProvenance>(reader.GetString(4), JsonOptions)
                ?? throw new InvalidDataException($"Provenance of block '{reader.GetString(0)}' is empty.");
            keys.Add(new StoredKey(reader.GetString(0), (byte[])reader[1], reader.GetInt32(2), reader.GetString(3),
                provenance, DateTimeOffset.Parse(reader.GetString(5), System.Globalization.CultureInfo.InvariantCulture)));
        }
        return keys;
    }

    /// <summary>The state of a block's key, or null when the store holds nothing for it.</summary>
    public KeyState? StateOf(string blockId)
    {
        using var select = Command("SELECT state FROM block_keys WHERE block_id = $id");
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

    private SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
