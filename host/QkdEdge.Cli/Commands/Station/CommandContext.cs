using System.CommandLine;
using Microsoft.Extensions.Configuration;
using QkdEdge.Cli.Status;

namespace QkdEdge.Cli.Commands.Station;

/// <summary>What a configured command runs with.</summary>
/// <param name="Log">Where log lines go: standard error with --json (standard output holds the JSON), else standard output.</param>
internal sealed record CommandContext(ParseResult Parse, IConfiguration Configuration, TextWriter Output, TextWriter Error, bool Json, StatusMode Mode)
{
    public TextWriter Log => Json ? Error : Output;
}
