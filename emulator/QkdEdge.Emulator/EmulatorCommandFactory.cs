using System.CommandLine;

namespace QkdEdge.Emulator;

/// <summary>Builds the <c>qkdedge-emulator</c> command tree. Only wiring lives here; each verb has its own file.</summary>
public static class EmulatorCommandFactory
{
    public static RootCommand Create()
    {
        var root = new RootCommand("""
            QkdEdge board emulator: emulated station boards on a virtual clock, exposed as serial ports.

            Examples:
              qkdedge-emulator run --autostart
              qkdedge-emulator bench --json
              qkdedge-emulator config > link.json
            """)
        {
            new RunCommand(),
            new BenchCommand(),
            new ConfigCommand(),
        };
        return root;
    }
}
