using System;
using QkdEdge.Firmware.Hardware;
using QkdEdge.Firmware.Health;

namespace QkdEdge.Firmware.Randomness
{
    /// <summary>
    /// Draws each batch's measurement settings: raw bytes come from the entropy source into a pool,
    /// every byte passes the continuous health tests before any of the pool is used, and accepted bytes
    /// are turned into settings by <see cref="UniformDigitSampler"/>. Digits left over from a byte at
    /// the end of a batch are kept for the next batch rather than thrown away (they are as uniform and
    /// independent as the rest). All buffers are allocated here, once.
    /// </summary>
    public sealed class SettingSchedule
    {
        private readonly IEntropySource _source;
        private readonly EntropyHealthMonitor _monitor;
        private readonly byte[] _pool;
        private readonly byte[] _carry = new byte[8];
        private UniformDigitSampler _sampler;
        private int _poolNext;
        private int _poolEnd;
        private int _carryNext;
        private int _carryEnd;
        private long _bytesUsed;
        private long _bytesRejected;

        /// <param name="poolBytes">Raw bytes fetched from the source at a time.</param>
        public SettingSchedule(IEntropySource source, EntropyHealthMonitor monitor, int poolBytes, int alphabetSize)
        {
            if (source == null)
                throw new ArgumentNullException("source");
            if (monitor == null)
                throw new ArgumentNullException("monitor");
            if (poolBytes < 1)
                throw new ArgumentOutOfRangeException("poolBytes");
            _source = source;
            _monitor = monitor;
            _pool = new byte[poolBytes];
            SetAlphabet(alphabetSize);
        }

        /// <summary>The alphabet settings are drawn from.</summary>
        public int AlphabetSize
        {
            get { return _sampler.AlphabetSize; }
        }

        /// <summary>Raw bytes consumed (accepted or rejected) since boot.</summary>
        public long BytesUsed
        {
            get { return _bytesUsed; }
        }

        /// <summary>Raw bytes rejected by the sampler since boot.</summary>
        public long BytesRejected
        {
            get { return _bytesRejected; }
        }

        /// <summary>Switches to another alphabet, dropping leftover digits and pooled bytes. Configuration time only.</summary>
        public void SetAlphabet(int alphabetSize)
        {
            _sampler = new UniformDigitSampler(alphabetSize);
            Discard();
        }

        /// <summary>Drops pooled bytes and leftover digits (after a health-test failure, or a new run).</summary>
        public void Discard()
        {
            _poolNext = 0;
            _poolEnd = 0;
            _carryNext = 0;
            _carryEnd = 0;
        }

        /// <summary>
        /// Writes <paramref name="count"/> settings, each uniform on 0..k-1, to
        /// <paramref name="settings"/>[0..count). Returns false if the entropy source fails a health test;
        /// the settings written so far must then be discarded.
        /// </summary>
        public bool TryDraw(byte[] settings, int count)
        {
            int written = 0;
            while (written < count)
            {
                if (_carryNext == _carryEnd)
                {
                    if (_poolNext == _poolEnd && !Refill())
                        return false;
                    byte raw = _pool[_poolNext++];
                    _bytesUsed++;
                    _carryNext = 0;
                    _carryEnd = _sampler.Decode(raw, _carry, 0);
                    if (_carryEnd == 0)
                    {
                        _bytesRejected++;
                        continue;
                    }
                }

                settings[written++] = _carry[_carryNext++];
            }

            return true;
        }

        private bool Refill()
        {
            // No byte is used before the start-up test has passed (SP 800-90B section 4.3).
            if (!_monitor.IsHealthy)
                return false;
            _source.Fill(_pool, 0, _pool.Length);
            if (!_monitor.Feed(_pool, 0, _pool.Length))
            {
                Discard();
                return false;
            }

            _poolNext = 0;
            _poolEnd = _pool.Length;
            return true;
        }
    }
}
