using System;
using QkdEdge.Firmware.Board;
using QkdEdge.Firmware.Hardware;
using QkdEdge.Firmware.Health;
using QkdEdge.Firmware.Randomness;
using QkdEdge.Firmware.Rounds;
using QkdEdge.Wire.Frames;
using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Packing;

namespace QkdEdge.Firmware.Run
{
    /// <summary>
    /// The station firmware: run control, RNG health, setting schedule, gate/click bookkeeping, frame
    /// output and command handling, over the hardware seams in <see cref="StationHardware"/>. It owns
    /// no thread and no timer: the platform calls <see cref="Step"/> in its main loop (the
    /// nanoFramework app) or on its virtual clock (the emulator). Each call does a bounded amount of
    /// work and never blocks. Every buffer is allocated in the constructor, so steady-state batches
    /// allocate nothing, and the batch path raises no exceptions.
    /// </summary>
    public sealed partial class StationFirmware
    {
        /// <summary>
        /// Raw entropy bytes fetched and health-tested at a time: a 120-round batch of trits needs about
        /// 25 bytes, so one refill covers two batches, and the buffer stays small on the board's heap.
        /// </summary>
        private const int EntropyPoolBytes = 64;

        /// <summary>Bytes read from the link per step: enough for several commands, whose frames are short.</summary>
        private const int ReceiveChunkBytes = 128;

        private readonly BoardProfile _board;
        private readonly ushort _stationId;
        private readonly IClock _clock;
        private readonly IEntropySource _entropy;
        private readonly ISettingsOutput _settingsOutput;
        private readonly IClickCapture _clickCapture;
        private readonly ISerialLink _link;
        private readonly StatusLines _statusLines;
        private readonly EntropySourceClaim _entropyClaim;

        private readonly EntropyHealthMonitor _monitor;
        private readonly SettingSchedule _schedule;
        private readonly RunConfiguration _configuration = new RunConfiguration();
        private readonly FirmwareCounters _counters = new FirmwareCounters();
        private readonly ClickTally _tally = new ClickTally();

        private readonly byte[] _settings;
        private readonly byte[] _packedSettings;
        private readonly byte[] _clicks;
        private readonly long[] _timeTags;
        private readonly byte[] _entropyScratch = new byte[EntropyPoolBytes];

        private readonly FrameWriter _writer;
        private readonly FrameReceiver _receiver = new FrameReceiver(LinkEnd.Board);
        private readonly byte[] _received = new byte[ReceiveChunkBytes];
        private readonly byte[] _output = new byte[WireLimits.MaxWireFrameBytes];
        private readonly InfoFrame _info = new InfoFrame();
        private readonly StatusFrame _status = new StatusFrame();
        private readonly AckFrame _ack = new AckFrame();
        private readonly RngAlarmFrame _alarm = new RngAlarmFrame();
        private readonly ConfigureCommand _configure = new ConfigureCommand();

        private RunState _state = RunState.Idle;
        private bool _booted;
        private bool _batchInFlight;
        private long _batchFirstRound;
        private int _batchSize;
        private uint _bootId;

        /// <param name="board">The board's limits and tick clock; buffers are sized for its largest batch.</param>
        /// <param name="stationId">The id written into every frame header.</param>
        /// <param name="hardware">The platform's implementations of the hardware seams.</param>
        /// <param name="entropyClaim">The entropy source's assessed min-entropy and fitness for runs.</param>
        public StationFirmware(BoardProfile board, ushort stationId, StationHardware hardware, EntropySourceClaim entropyClaim)
        {
            if (board == null)
                throw new ArgumentNullException("board");
            if (hardware == null)
                throw new ArgumentNullException("hardware");
            if (entropyClaim == null)
                throw new ArgumentNullException("entropyClaim");
            if (stationId == WireLimits.BroadcastStationId)
                throw new ArgumentOutOfRangeException("stationId", "The broadcast id cannot be a board's id.");

            _board = board;
            _stationId = stationId;
            _clock = hardware.Clock;
            _entropy = hardware.Entropy;
            _settingsOutput = hardware.SettingsOutput;
            _clickCapture = hardware.ClickCapture;
            _link = hardware.Link;
            _statusLines = hardware.StatusLines;
            _entropyClaim = entropyClaim;

            _monitor = new EntropyHealthMonitor(entropyClaim.MinEntropyPerByte);
            _schedule = new SettingSchedule(_entropy, _monitor, EntropyPoolBytes, SettingsPacking.MinAlphabetSize);

            int maxBatch = board.MaxBatchSize;
            _settings = new byte[maxBatch];
            _clicks = new byte[maxBatch];
            _timeTags = new long[maxBatch];
            // A packed byte holds at least one setting (k <= 255), so a batch never needs more bytes than rounds.
            _packedSettings = new byte[maxBatch];

            _writer = new FrameWriter(stationId);
            _info.SetProfileId(board.Id);
            _info.FirmwareMajor = FirmwareVersion.Major;
            _info.FirmwareMinor = FirmwareVersion.Minor;
            _info.FirmwarePatch = FirmwareVersion.Patch;
            _info.TickFrequencyHz = board.TickFrequencyHz;
            _info.MaxBatchSize = maxBatch;
        }

        /// <summary>Idle, Running or Halted (by an RNG alarm).</summary>
        public RunState State
        {
            get { return _state; }
        }

        /// <summary>The configuration in force (unconfigured until the host sends Configure).</summary>
        public RunConfiguration Configuration
        {
            get { return _configuration; }
        }

        /// <summary>Counters since boot.</summary>
        public FirmwareCounters Counters
        {
            get { return _counters; }
        }

        /// <summary>Gate and click bookkeeping of the last batch and since boot.</summary>
        public ClickTally Clicks
        {
            get { return _tally; }
        }

        /// <summary>The health tests on the raw entropy source, with their cutoffs and failure, if any.</summary>
        public EntropyHealthMonitor EntropyHealth
        {
            get { return _monitor; }
        }

        /// <summary>True between loading a batch's settings and collecting its clicks.</summary>
        public bool IsBatchInFlight
        {
            get { return _batchInFlight; }
        }

        /// <summary>Random id drawn at boot (0 if the RNG failed its start-up test).</summary>
        public uint BootId
        {
            get { return _bootId; }
        }

        /// <summary>
        /// Does one slice of work: on the first call, boots (RNG start-up test, Info frame); afterwards
        /// handles the commands that have arrived and, while running, moves the current batch one stage
        /// on: draws and loads its settings, or collects its clicks and sends its Rounds frame.
        /// </summary>
        public void Step()
        {
            if (!_booted)
            {
                Boot();
                return;
            }

            PollCommands();
            if (_state == RunState.Running)
                AdvanceBatch();
        }

        private void Boot()
        {
            _booted = true;
            bool healthy = _monitor.RunStartupTest(_entropy, _entropyScratch) && TryDrawBootId();

            _state = healthy ? RunState.Idle : RunState.Halted;
            SendInfo();
            if (healthy)
            {
                ShowState();
            }
            else
            {
                _counters.RngAlarms++;
                SendAlarm(RngHealthTest.Startup);
                ShowState();
            }
        }

        /// <summary>Draws the boot id from four health-tested bytes; false if they fail the tests.</summary>
        private bool TryDrawBootId()
        {
            _entropy.Fill(_entropyScratch, 0, 4);
            if (!_monitor.Feed(_entropyScratch, 0, 4))
                return false;
            _bootId = LittleEndian.ReadUInt32LittleEndian(_entropyScratch, 0);
            return true;
        }

        private void ShowState()
        {
            if (_statusLines == null)
                return;
            if (_state == RunState.Running)
                _statusLines.ShowRunning();
            else if (_state == RunState.Halted)
                _statusLines.ShowAlarm();
            else
                _statusLines.ShowIdle();
        }
    }
}
