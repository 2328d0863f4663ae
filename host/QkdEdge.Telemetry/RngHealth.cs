namespace QkdEdge.Telemetry;

/// <summary>Health of the board's random number generator as its continuous health tests report it.</summary>
public enum RngHealth
{
    /// <summary>Start-up tests are running; settings are not drawn yet.</summary>
    Startup = 0,
    Ok = 1,
    /// <summary>A health test failed; the board stops drawing settings until it is cleared.</summary>
    Alarm = 2,
}
