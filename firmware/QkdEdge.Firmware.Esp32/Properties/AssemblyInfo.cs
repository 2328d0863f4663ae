using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("QkdEdge.Firmware.Esp32")]
[assembly: AssemblyDescription("QkdEdge station firmware for ESP32 boards running .NET nanoFramework")]
[assembly: AssemblyProduct("QkdEdge")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
[assembly: ComVisible(false)]
