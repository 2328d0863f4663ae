namespace QkdEdge.Firmware
{
    /// <summary>The firmware version the Info frame reports (semantic versioning).</summary>
    public static class FirmwareVersion
    {
        public const int Major = 0;
        public const int Minor = 1;
        public const int Patch = 0;
    }
}
