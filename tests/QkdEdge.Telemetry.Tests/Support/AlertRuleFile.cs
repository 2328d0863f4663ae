namespace QkdEdge.Telemetry.Tests.Support;

/// <summary>The shape of a Prometheus alerting rule file, as far as our rules use it.</summary>
public sealed class AlertRuleFile
{
    public List<AlertRuleGroup> Groups { get; set; } = [];
}

public sealed class AlertRuleGroup
{
    public string Name { get; set; } = "";
    public List<AlertRule> Rules { get; set; } = [];
}

public sealed class AlertRule
{
    public string Alert { get; set; } = "";
    public string Expr { get; set; } = "";
    public string? For { get; set; }
    public Dictionary<string, string> Labels { get; set; } = [];
    public Dictionary<string, string> Annotations { get; set; } = [];
}
