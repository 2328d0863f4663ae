namespace QkdEdge.Emulator.Configuration;

/// <summary>
/// A run configuration or board profile the emulator cannot run: the message names the field and says
/// what is allowed. Raised before any board boots, never during a run.
/// </summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(string message)
        : base(message)
    {
    }

    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
