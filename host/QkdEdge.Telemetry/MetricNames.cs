namespace QkdEdge.Telemetry;

/// <summary>
/// Every metric a station exports, by name. Dashboards, alert rules and runbooks refer to these
/// names; a test checks that they refer to nothing else. Each series also carries the constant
/// label <c>station</c>.
/// </summary>
public static class MetricNames
{
    public const string Prefix = "qkdedge_";

    // Bell test and protocol outcome, per finished block.
    public const string ChshValue = "qkdedge_chsh_value";
    public const string ChshLowerBound = "qkdedge_chsh_lower_bound";
    public const string ChshAbortThreshold = "qkdedge_chsh_abort_threshold";
    public const string ChshMargin = "qkdedge_chsh_margin";
    public const string Qber = "qkdedge_qber";
    public const string ReconciliationEfficiency = "qkdedge_reconciliation_efficiency";
    public const string ReconciliationPlannedEfficiency = "qkdedge_reconciliation_planned_efficiency";
    public const string Blocks = "qkdedge_blocks_total";
    public const string BlockAborts = "qkdedge_block_aborts_total";
    public const string TrialSuccessRatio = "qkdedge_trial_success_ratio";
    public const string SecretKeyBits = "qkdedge_secret_key_bits_total";
    public const string KeyRate = "qkdedge_key_rate_bits_per_second";
    public const string KeyFreshness = "qkdedge_key_freshness_seconds";

    // Key ingestion and integrity.
    public const string KeyCommitAttempts = "qkdedge_key_commit_attempts_total";
    public const string KeysCommitted = "qkdedge_keys_committed_total";
    public const string KeyVerificationFailures = "qkdedge_key_verification_failures_total";
    public const string TamperingDetected = "qkdedge_tampering_detected_total";

    // Detectors.
    public const string DetectorClicks = "qkdedge_detector_clicks_total";
    public const string DetectorClickRate = "qkdedge_detector_click_rate_hz";
    public const string DetectorMaxClickRate = "qkdedge_detector_max_click_rate_hz";

    // Synchronisation between the stations' time tags.
    public const string SyncOffset = "qkdedge_sync_offset_seconds";
    public const string SyncResidual = "qkdedge_sync_residual_seconds";
    public const string SyncDrift = "qkdedge_sync_drift_ppm";
    public const string SyncWindow = "qkdedge_sync_window_seconds";

    // Board random number generator.
    public const string RngState = "qkdedge_rng_state";
    public const string RngAlarms = "qkdedge_rng_alarms_total";

    // Board link (serial) and peer link (authenticated channel).
    public const string BoardLinkUp = "qkdedge_board_link_up";
    public const string BoardFrames = "qkdedge_board_frames_total";
    public const string BoardCrcErrors = "qkdedge_board_crc_errors_total";
    public const string BoardSequenceGaps = "qkdedge_board_sequence_gaps_total";
    public const string BoardResyncs = "qkdedge_board_resyncs_total";
    public const string BoardReconnects = "qkdedge_board_reconnects_total";
    public const string PeerLinkUp = "qkdedge_peer_link_up";
    public const string PeerReconnects = "qkdedge_peer_reconnects_total";
    public const string AuthKeyPoolBits = "qkdedge_auth_key_pool_bits";

    // Key store and delivery to applications.
    public const string KeyStoreAvailableBits = "qkdedge_key_store_available_bits";
    public const string KeyStoreBlocks = "qkdedge_key_store_blocks";
    public const string KeysDelivered = "qkdedge_keys_delivered_total";
    public const string DeliveredKeyBits = "qkdedge_delivered_key_bits_total";
    public const string KeyDeliveryFailures = "qkdedge_key_delivery_failures_total";
}
