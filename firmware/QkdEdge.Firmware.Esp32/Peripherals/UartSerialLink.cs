using System;
using System.IO.Ports;
using QkdEdge.Firmware.Hardware;

namespace QkdEdge.Firmware.Esp32.Peripherals
{
    /// <summary>
    /// The host link: a UART (COM2, its pins routed with Configuration.SetPinFunction) to an external
    /// USB-serial bridge. nanoFramework has no managed USB-CDC serial port, and UART0 with the
    /// DevKitC's own bridge carries the debugger and deployment protocol, so frames need a UART of
    /// their own.
    /// </summary>
    internal sealed class UartSerialLink : ISerialLink
    {
        /// <summary>
        /// The longest frame on the wire is 1030 bytes (WireLimits.MaxWireFrameBytes); at 2 Mbaud and 10
        /// bits per byte (8N1) it takes 5.2 ms to send. Twice that as the write timeout lets a frame wait
        /// for the one before it, and no longer: after that the frame is counted as dropped instead of
        /// stalling the batch loop.
        /// </summary>
        private const int WriteTimeoutMilliseconds = 11;

        private readonly SerialPort _port;

        public UartSerialLink(string portName, int baud)
        {
            _port = new SerialPort(portName, baud, Parity.None, 8, StopBits.One);
            _port.Handshake = Handshake.None;
            // Always set both timeouts (nanoFramework System.IO.Ports README): reads never wait, since
            // only BytesToRead bytes are read, and writes wait at most the time computed above.
            _port.ReadTimeout = 0;
            _port.WriteTimeout = WriteTimeoutMilliseconds;
            _port.ReadBufferSize = 1024;
            _port.WriteBufferSize = 4096;
            _port.Open();
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            int available = _port.BytesToRead;
            if (available == 0)
                return 0;
            return _port.Read(buffer, offset, available < count ? available : count);
        }

        public bool TryWrite(byte[] buffer, int offset, int count)
        {
            try
            {
                _port.Write(buffer, offset, count);
                return true;
            }
            catch (TimeoutException)
            {
                return false;
            }
        }
    }
}
