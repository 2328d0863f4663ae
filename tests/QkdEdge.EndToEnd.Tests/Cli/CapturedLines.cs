using System.Collections.Concurrent;
using System.Text;

namespace QkdEdge.EndToEnd.Tests.Cli;

/// <summary>A text writer that hands out complete lines as the command writes them, for tests that react to output.</summary>
internal sealed class CapturedLines : TextWriter
{
    private readonly StringBuilder _partial = new();
    private readonly StringBuilder _all = new();
    private readonly BlockingCollection<string> _lines = [];

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (_all)
                return _all.ToString();
        }
    }

    public override void Write(char value)
    {
        lock (_all)
        {
            _all.Append(value);
            if (value == '\n')
            {
                _lines.Add(_partial.ToString().TrimEnd('\r'));
                _partial.Clear();
            }
            else
            {
                _partial.Append(value);
            }
        }
    }

    /// <summary>The next complete line, or null if none comes within <paramref name="timeout"/>.</summary>
    public string? NextLine(TimeSpan timeout) => _lines.TryTake(out var line, timeout) ? line : null;
}
