namespace QkdEdge.Telemetry.Tests.Support;

/// <summary>A label matcher inside a selector: name, operator (=, !=, =~, !~) and value.</summary>
public sealed record LabelMatcher(string Name, string Operator, string Value);

/// <summary>A vector selector: the metric name and its label matchers.</summary>
public sealed record Selector(string Metric, IReadOnlyList<LabelMatcher> Matchers);

/// <summary>
/// Finds the vector selectors (metric names with their label matchers) in a PromQL expression.
/// A tokenizer, not a parser: it skips strings, range and subquery brackets, numbers and durations,
/// function and aggregation names (identifiers followed by '('), keywords, and the label lists after
/// by/without/on/ignoring/group_left/group_right. No maintained .NET PromQL parser exists, and
/// finding metric names needs no more than this.
/// </summary>
public static class PromQlSelectors
{
    /// <summary>Reserved words of PromQL: binary operators, modifiers, and the aggregation operators, which may precede their grouping clause.</summary>
    private static readonly HashSet<string> Operators =
    [
        "and", "or", "unless", "atan2", "bool", "offset", "inf", "nan",
        "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values",
        "bottomk", "topk", "quantile", "limitk", "limit_ratio",
    ];
    private static readonly HashSet<string> LabelListKeywords = ["by", "without", "on", "ignoring", "group_left", "group_right"];

    public static IReadOnlyList<Selector> Find(string expression)
    {
        var selectors = new List<Selector>();
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (char.IsWhiteSpace(c))
                i++;
            else if (c is '"' or '\'' or '`')
                i = SkipString(expression, i);
            else if (c == '[')
                i = SkipPast(expression, i, ']');
            else if (char.IsDigit(c) || (c == '.' && i + 1 < expression.Length && char.IsDigit(expression[i + 1])))
                i = SkipNumber(expression, i);
            else if (c == '{')
            {
                var (matchers, end) = ReadMatchers(expression, i);
                var name = matchers.FirstOrDefault(m => m.Name == "__name__" && m.Operator == "=")?.Value
                    ?? throw new FormatException($"Selector without a metric name at {i} in '{expression}'.");
                selectors.Add(new Selector(name, matchers));
                i = end;
            }
            else if (IsIdentifierStart(c))
            {
                var start = i;
                while (i < expression.Length && IsIdentifierPart(expression[i]))
                    i++;
                var word = expression[start..i];
                var next = SkipWhitespace(expression, i);
                var lower = word.ToLowerInvariant();
                if (LabelListKeywords.Contains(lower))
                    i = next < expression.Length && expression[next] == '(' ? SkipPast(expression, next, ')') : next;
                else if (Operators.Contains(lower) || (next < expression.Length && expression[next] == '('))
                    continue;
                else if (next < expression.Length && expression[next] == '{')
                {
                    var (matchers, end) = ReadMatchers(expression, next);
                    selectors.Add(new Selector(word, matchers));
                    i = end;
                }
                else
                    selectors.Add(new Selector(word, []));
            }
            else
                i++;
        }
        return selectors;
    }

    private static (List<LabelMatcher> Matchers, int End) ReadMatchers(string text, int open)
    {
        var matchers = new List<LabelMatcher>();
        var i = open + 1;
        while (true)
        {
            i = SkipWhitespace(text, i);
            if (i >= text.Length)
                throw new FormatException($"Unclosed '{{' at {open} in '{text}'.");
            if (text[i] == '}')
                return (matchers, i + 1);
            if (text[i] == ',')
            {
                i++;
                continue;
            }
            var start = i;
            while (i < text.Length && IsIdentifierPart(text[i]))
                i++;
            var name = text[start..i];
            i = SkipWhitespace(text, i);
            var opStart = i;
            while (i < text.Length && text[i] is '=' or '!' or '~')
                i++;
            var op = text[opStart..i];
            i = SkipWhitespace(text, i);
            if (name.Length == 0 || op is not ("=" or "!=" or "=~" or "!~") || i >= text.Length || text[i] is not ('"' or '\'' or '`'))
                throw new FormatException($"Bad label matcher at {start} in '{text}'.");
            var end = SkipString(text, i);
            matchers.Add(new LabelMatcher(name, op, text[(i + 1)..(end - 1)]));
            i = end;
        }
    }

    private static int SkipString(string text, int open)
    {
        var quote = text[open];
        for (var i = open + 1; i < text.Length; i++)
        {
            if (text[i] == '\\' && quote != '`')
                i++;
            else if (text[i] == quote)
                return i + 1;
        }
        throw new FormatException($"Unclosed string at {open} in '{text}'.");
    }

    private static int SkipPast(string text, int open, char close)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == text[open])
                depth++;
            else if (text[i] == close && --depth == 0)
                return i + 1;
        }
        throw new FormatException($"Unclosed '{text[open]}' at {open} in '{text}'.");
    }

    /// <summary>Numbers, including exponents (1e-9) and durations (5m, 1h30m).</summary>
    private static int SkipNumber(string text, int i)
    {
        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '.'
               || (text[i] is '+' or '-' && (text[i - 1] is 'e' or 'E'))))
            i++;
        return i;
    }

    private static int SkipWhitespace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
            i++;
        return i;
    }

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c is '_' or ':';
    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or ':';
}
