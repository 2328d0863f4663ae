using System.Buffers.Binary;
using QkdEdge.Peer.Session;

namespace QkdEdge.Peer.Authentication;

/// <summary>
/// The authentication key both hosts hold identically: a pre-shared secret at first, then distilled key the
/// stations deposit block by block (<see cref="Deposit"/>). Its first 32 bytes are the reusable polynomial-hash key (four 61-bit field
/// elements); the rest is one-time-pad stream, cut into 256-byte pages dealt alternately to the two directions
/// (even pages Alice to Bob, odd pages Bob to Alice), so each direction consumes its own stream in order and the
/// two hosts never need to agree on interleaving. A pad bit is used once: positions only move forward, and a
/// file-backed pool records a reservation durably before it hands out bits, so a crash skips bits rather than
/// reusing them.
/// <para>
/// A deposit is usable for receiving at once but for sending only once it is <em>active</em>: a host activates a
/// block's deposit when the peer has shown (by an authenticated message) that it holds the same deposit. Since both
/// hosts deposit the same blocks in the same order (their commit order), a receiver then always holds every pad a
/// sender can draw, even when one host committed, deposited and crashed before the other; without this rule a
/// host one deposit ahead could sign with pads its peer does not yet have, and every later session would fail.
/// </para>
/// Thread-safe.
/// </summary>
public sealed class AuthenticationKeyPool : IDisposable
{
    public const int HashKeySectionBytes = 32;

    public const int MaxEvaluationPoints = 4;

    internal const int PageBytes = 256;

    /// <summary>
    /// Bits reserved per durable state write on the sending side: about 130 tags of two points, so a busy session
    /// writes the state file every hundred-odd messages; a crash skips at most this many bits per direction.
    /// </summary>
    internal const long ReservationBits = 16_384;

    private readonly object _gate = new();
    private readonly ulong[] _hashKey = new ulong[MaxEvaluationPoints];
    private readonly DirectionState[] _directions = [new(), new()];
    private readonly KeyPoolFiles? _files;
    private readonly List<(string Id, long End)> _deposits = [];
    private readonly HashSet<string> _depositIds = new(StringComparer.Ordinal);
    private byte[] _material;
    private long _length;
    private readonly long _baseLength;
    private long _activeLength;
    private int _activeDeposits;

    private AuthenticationKeyPool(ReadOnlySpan<byte> material, KeyPoolFiles? files)
    {
        if (material.Length < HashKeySectionBytes)
            throw new ArgumentException($"Authentication key material must hold at least the {HashKeySectionBytes}-byte hash key.", nameof(material));
        _material = material.ToArray();
        _length = material.Length;
        _baseLength = _length;
        _activeLength = _length;
        _files = files;
        for (int i = 0; i < MaxEvaluationPoints; i++)
        {
            // 61 of each word's 64 bits; the all-ones value is not a field element. It has probability 2^-61
            // per word, so a secret that hits it is refused rather than biased.
            ulong word = BinaryPrimitives.ReadUInt64LittleEndian(_material.AsSpan(8 * i)) & MersenneField61.Prime;
            if (word == MersenneField61.Prime)
                throw new ArgumentException("The secret's hash key section contains the value 2^61-1; generate a new secret.", nameof(material));
            _hashKey[i] = word;
        }
    }

    /// <summary>A pool held in memory only (tests, simulations): nothing survives the process.</summary>
    public static AuthenticationKeyPool InMemory(ReadOnlySpan<byte> preSharedSecret) => new(preSharedSecret, null);

    /// <summary>
    /// Creates a file-backed pool in <paramref name="directory"/> from a pre-shared secret file (installed
    /// identically on both hosts). Fails if the directory already holds a pool: reusing key is never silent.
    /// </summary>
    public static AuthenticationKeyPool CreateFromSecretFile(string secretPath, string directory)
    {
        byte[] secret = File.ReadAllBytes(secretPath);
        var files = KeyPoolFiles.Create(directory, secret);
        var pool = new AuthenticationKeyPool(secret, files);
        pool.Persist();
        return pool;
    }

    /// <summary>Opens a file-backed pool; reserved-but-unused bits from before a crash are skipped, never reused.</summary>
    public static AuthenticationKeyPool Open(string directory)
    {
        var files = KeyPoolFiles.Open(directory, out byte[] material, out var deposits, out var saved, out long activeDeposits);
        var pool = new AuthenticationKeyPool(material, files);
        foreach (var deposit in deposits)
            pool.AppendMaterial(deposit.Id, deposit.Key);
        pool.SetActive((int)activeDeposits);
        for (int d = 0; d < 2; d++)
        {
            var s = saved[d];
            var state = pool._directions[d];
            state.Position = s.ReservedTo;
            state.Reserved = s.ReservedTo;
            state.Spent = s.Spent;
            state.Skipped = s.Skipped + (s.ReservedTo - s.Position);
            state.Draws = s.Draws;
            state.Rejected = s.Rejected;
        }
        pool.Persist();
        return pool;
    }

    /// <summary>Total key bits ever deposited, the pre-shared secret included.</summary>
    public long DepositedBits
    {
        get
        {
            lock (_gate)
                return _length * 8;
        }
    }

    /// <summary>Pad bits of <paramref name="direction"/> not yet used, deposits not yet active included.</summary>
    public long AvailableBits(PeerDirection direction)
    {
        lock (_gate)
            return Available((int)direction);
    }

    /// <summary>Pad bits this host may still send with in <paramref name="direction"/>: active material only.</summary>
    public long SendableBits(PeerDirection direction)
    {
        lock (_gate)
            return Sendable((int)direction);
    }

    /// <summary>Deposits made so far, in order.</summary>
    public int DepositCount
    {
        get
        {
            lock (_gate)
                return _deposits.Count;
        }
    }

    /// <summary>Deposits usable for sending (a prefix of the deposits).</summary>
    public int ActiveDepositCount
    {
        get
        {
            lock (_gate)
                return _activeDeposits;
        }
    }

    public bool HasDeposit(string id)
    {
        lock (_gate)
            return _depositIds.Contains(id);
    }

    public long Position(PeerDirection direction)
    {
        lock (_gate)
            return _directions[(int)direction].Position;
    }

    public AuthenticationKeyAccounting Accounting
    {
        get
        {
            lock (_gate)
            {
                return new AuthenticationKeyAccounting
                {
                    DepositedBits = _length * 8,
                    PendingBits = (_length - _activeLength) * 8,
                    HashKeyBits = HashKeySectionBytes * 8,
                    AliceToBob = Account(0),
                    BobToAlice = Account(1),
                };
            }
        }
    }

    /// <summary>
    /// Appends the key set aside for authentication from block <paramref name="id"/>, durably, not yet active for
    /// sending. Both hosts must deposit the same bytes in the same order (the stations deposit in commit order); if
    /// they do not, the next message fails authentication and the session breaks: it never goes unnoticed.
    /// Depositing an id twice does nothing and returns false, so a host that crashed between depositing a block and
    /// recording that in its key store can simply deposit it again.
    /// </summary>
    public bool Deposit(string id, ReadOnlySpan<byte> key)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        lock (_gate)
        {
            if (_depositIds.Contains(id))
                return false;
            _files?.AppendDeposit(id, key);
            AppendMaterial(id, key);
            return true;
        }
    }

    /// <summary>
    /// Makes the deposits up to and including <paramref name="id"/>'s usable for sending: call when the peer has
    /// shown it holds that deposit. Returns false when no deposit has that id (nothing changes).
    /// </summary>
    public bool ActivateThrough(string id)
    {
        lock (_gate)
        {
            int index = _deposits.FindIndex(d => d.Id == id);
            if (index < 0)
                return false;
            if (index + 1 > _activeDeposits)
            {
                SetActive(index + 1);
                Persist();
            }
            return true;
        }
    }

    /// <summary>Makes every deposit usable for sending: call when the peer has shown it holds all of them.</summary>
    public void ActivateAll()
    {
        lock (_gate)
        {
            if (_activeDeposits == _deposits.Count)
                return;
            SetActive(_deposits.Count);
            Persist();
        }
    }

    /// <summary>Writes the positions and counters durably (file-backed pools). Called on dispose.</summary>
    public void Flush()
    {
        lock (_gate)
            Persist();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            // A clean stop releases the unused part of the reservation, so nothing is skipped on reopen.
            foreach (var state in _directions)
                state.Reserved = state.Position;
            Persist();
        }
    }

    internal ulong HashKey(int point) => _hashKey[point];

    /// <summary>Takes the next pads of the sending direction; returns the position of the first pad bit.</summary>
    internal long DrawForSending(PeerDirection direction, Span<ulong> pads)
    {
        lock (_gate)
        {
            int d = (int)direction;
            var state = _directions[d];
            long start = state.Position;
            if (!TryRead(d, start, pads, DirectionBits(d, _activeLength), out long end, out int rejected))
                throw new AuthenticationKeyExhaustedException(direction, MersenneField61.ElementBits * (pads.Length + rejected + 1), Sendable(d));
            if (end > state.Reserved)
            {
                // Reserve before use: once the reservation is on disk, these bits are gone even after a crash.
                state.Reserved = Math.Min(Math.Max(end, start + ReservationBits), DirectionBits(d, _activeLength));
                Persist();
            }
            Consume(state, start, end, pads.Length, rejected);
            return start;
        }
    }

    /// <summary>Reads the pads a received message claims to use, without consuming them.</summary>
    internal bool TryPeekReceived(PeerDirection direction, long position, Span<ulong> pads, out long end, out int rejected)
    {
        lock (_gate)
            return TryRead((int)direction, position, pads, DirectionBits((int)direction, _length), out end, out rejected);
    }

    /// <summary>Consumes the pads of a message that verified; bits before its position are skipped.</summary>
    internal void AcceptReceived(PeerDirection direction, long position, long end, int draws, int rejected)
    {
        lock (_gate)
        {
            var state = _directions[(int)direction];
            if (position < state.Position)
                throw new InvalidOperationException("Received pads must not move backwards.");
            state.Skipped += position - state.Position;
            Consume(state, position, end, draws, rejected);
            state.Reserved = Math.Max(state.Reserved, end);
        }
    }

    private static void Consume(DirectionState state, long start, long end, int draws, int rejected)
    {
        state.Spent += end - start;
        state.Position = end;
        state.Draws += draws;
        state.Rejected += rejected;
    }

    private bool TryRead(int d, long position, Span<ulong> pads, long limit, out long end, out int rejected)
    {
        long p = position;
        rejected = 0;
        end = position;
        for (int i = 0; i < pads.Length; i++)
        {
            while (true)
            {
                if (p + MersenneField61.ElementBits > limit)
                    return false;
                ulong value = ReadBits(d, p, MersenneField61.ElementBits);
                p += MersenneField61.ElementBits;
                // Rejection keeps each pad exactly uniform on GF(p); both hosts reject the same draws.
                if (value != MersenneField61.Prime)
                {
                    pads[i] = value;
                    break;
                }
                rejected++;
            }
        }
        end = p;
        return true;
    }

    private ulong ReadBits(int d, long position, int count)
    {
        ulong value = 0;
        for (int i = 0; i < count; i++)
        {
            long v = position + i;
            long page = v / (PageBytes * 8);
            int within = (int)(v % (PageBytes * 8));
            long byteIndex = HashKeySectionBytes + (2 * page + d) * PageBytes + within / 8;
            value |= (ulong)((_material[byteIndex] >> (within % 8)) & 1) << i;
        }
        return value;
    }

    /// <summary>Bits of the pad stream that belong to direction d when the material is <paramref name="length"/> bytes.</summary>
    private static long DirectionBits(int d, long length)
    {
        long stream = Math.Max(0, length - HashKeySectionBytes);
        long fullPages = stream / PageBytes;
        long rest = stream % PageBytes;
        long pages = d == 0 ? (fullPages + 1) / 2 : fullPages / 2;
        long bytes = pages * PageBytes + (fullPages % 2 == d ? rest : 0);
        return bytes * 8;
    }

    private long Available(int d) => Math.Max(0, DirectionBits(d, _length) - _directions[d].Position);

    private long Sendable(int d) => Math.Max(0, DirectionBits(d, _activeLength) - _directions[d].Position);

    private void AppendMaterial(string id, ReadOnlySpan<byte> key)
    {
        if (_length + key.Length > _material.Length)
            Array.Resize(ref _material, (int)Math.Max(_material.Length * 2L, _length + key.Length));
        key.CopyTo(_material.AsSpan((int)_length));
        _length += key.Length;
        _deposits.Add((id, _length));
        _depositIds.Add(id);
    }

    private void SetActive(int count)
    {
        _activeDeposits = count;
        _activeLength = count == 0 ? _baseLength : _deposits[count - 1].End;
    }

    private DirectionAccount Account(int d)
    {
        var s = _directions[d];
        return new DirectionAccount(s.Position, s.Spent, s.Skipped, Available(d), s.Draws, s.Rejected);
    }

    private void Persist() => _files?.SaveState(
        [
            new KeyPoolFiles.SavedDirection(_directions[0].Position, _directions[0].Reserved, _directions[0].Spent, _directions[0].Skipped, _directions[0].Draws, _directions[0].Rejected),
            new KeyPoolFiles.SavedDirection(_directions[1].Position, _directions[1].Reserved, _directions[1].Spent, _directions[1].Skipped, _directions[1].Draws, _directions[1].Rejected),
        ], _activeDeposits);

    private sealed class DirectionState
    {
        public long Position;
        public long Reserved;
        public long Spent;
        public long Skipped;
        public long Draws;
        public long Rejected;
    }
}
