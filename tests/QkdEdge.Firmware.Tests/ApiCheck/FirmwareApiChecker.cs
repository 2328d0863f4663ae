using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace QkdEdge.Firmware.Tests.ApiCheck;

/// <summary>
/// Compiles firmware sources with Roslyn against desktop .NET (as C# 7.3, the stable nanoFramework
/// language) and reports every referenced symbol from outside those sources whose
/// documentation-comment ID is not in the nanoFramework API list, plus every language feature that
/// needs types the stable runtime lacks. The recipe follows the README of the API lists: normalise
/// (original definitions, reduced extension methods, accessors to their property or event, arrays
/// and pointers to their element type), look the ID up, and for a member that desktop declares on a
/// base class nanoFramework does not have, retry on the receiver's static type. Compiler lowering
/// (foreach enumerators, string concatenation) is out of scope; the features whose lowering needs
/// missing API are refused as syntax instead.
/// </summary>
internal sealed class FirmwareApiChecker
{
    private readonly NanoFrameworkApiList _api;

    public FirmwareApiChecker(NanoFrameworkApiList api)
    {
        _api = api;
    }

    /// <summary>Checks files on disk.</summary>
    public ApiCheckResult CheckFiles(IEnumerable<string> paths) =>
        Check(paths.Select(p => CSharpSyntaxTree.ParseText(File.ReadAllText(p), ParseOptions, p)).ToList());

    /// <summary>Checks source text (each string is one file).</summary>
    public ApiCheckResult CheckSources(params string[] sources) =>
        Check(sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, $"snippet{i}.cs")).ToList());

    private static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.CSharp7_3);

    private ApiCheckResult Check(IReadOnlyList<SyntaxTree> trees)
    {
        var compilation = CSharpCompilation.Create(
            "FirmwareApiCheck",
            trees,
            DesktopReferences.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        var violations = new List<ApiViolation>();
        var checkedIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tree in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            var root = tree.GetRoot();
            LanguageFeatureRules.Check(root, model, violations);
            foreach (var node in root.DescendantNodes())
            {
                foreach (var (symbol, receiver) in ReferencedSymbols(node, model))
                    CheckSymbol(symbol, receiver, node, violations, checkedIds);
            }
        }

        var distinct = violations.DistinctBy(v => (v.Subject, v.Location)).ToList();
        return new ApiCheckResult(errors, distinct, checkedIds.Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>The symbols one syntax node refers to, with the static type of the receiver for member accesses.</summary>
    private static IEnumerable<(ISymbol Symbol, ITypeSymbol? Receiver)> ReferencedSymbols(SyntaxNode node, SemanticModel model)
    {
        switch (node)
        {
            case SimpleNameSyntax or PredefinedTypeSyntax or ArrayTypeSyntax or PointerTypeSyntax or NullableTypeSyntax
                or ObjectCreationExpressionSyntax or ElementAccessExpressionSyntax or AttributeSyntax
                or ConstructorInitializerSyntax or BinaryExpressionSyntax or PrefixUnaryExpressionSyntax
                or PostfixUnaryExpressionSyntax or AssignmentExpressionSyntax or CastExpressionSyntax:
                var info = model.GetSymbolInfo(node);
                var symbol = info.Symbol ?? (info.CandidateSymbols.Length == 1 ? info.CandidateSymbols[0] : null);
                if (symbol != null)
                    yield return (symbol, ReceiverType(node, model));
                break;
        }

        // User-defined implicit conversions (e.g. bool to PinValue) call an operator no syntax names.
        if (node is ExpressionSyntax expression)
        {
            var conversion = model.GetConversion(expression);
            if (conversion.IsUserDefined && conversion.MethodSymbol != null)
                yield return (conversion.MethodSymbol, null);
        }
    }

    private static ITypeSymbol? ReceiverType(SyntaxNode node, SemanticModel model)
    {
        if (node.Parent is MemberAccessExpressionSyntax access && access.Name == node)
            return model.GetTypeInfo(access.Expression).Type;
        return null;
    }

    private void CheckSymbol(ISymbol symbol, ITypeSymbol? receiver, SyntaxNode node, List<ApiViolation> violations, HashSet<string> checkedIds)
    {
        foreach (var target in Normalise(symbol))
        {
            if (IsOwnOrLocal(target))
                continue;

            string? id = target.GetDocumentationCommentId();
            if (id == null)
                continue;
            checkedIds.Add(id);

            if (target is INamedTypeSymbol { IsGenericType: true } || target.ContainingType is { IsGenericType: true })
            {
                violations.Add(new ApiViolation(id, "generic type: the stable nanoFramework runtime has no generics", Where(node)));
                continue;
            }

            if (target is IMethodSymbol { IsGenericMethod: true })
            {
                violations.Add(new ApiViolation(id, "generic method: the stable nanoFramework runtime has no generics", Where(node)));
                continue;
            }

            if (_api.IsAllowed(id) || IsAllowedAsOverride(target) || IsAllowedOnReceiver(target, receiver))
                continue;

            violations.Add(new ApiViolation(id, Explain(target, id), Where(node)));
        }
    }

    /// <summary>The symbols to look up for one referenced symbol (several for array element types of a member, none for locals).</summary>
    private static IEnumerable<ISymbol> Normalise(ISymbol symbol)
    {
        switch (symbol)
        {
            case IAliasSymbol alias:
                foreach (var s in Normalise(alias.Target))
                    yield return s;
                break;
            case IArrayTypeSymbol array:
                foreach (var s in Normalise(array.ElementType))
                    yield return s;
                break;
            case IPointerTypeSymbol pointer:
                foreach (var s in Normalise(pointer.PointedAtType))
                    yield return s;
                break;
            case INamedTypeSymbol type:
                yield return type.OriginalDefinition;
                foreach (var argument in type.TypeArguments)
                {
                    foreach (var s in Normalise(argument))
                        yield return s;
                }

                break;
            case IMethodSymbol method:
                if (method.MethodKind is MethodKind.BuiltinOperator or MethodKind.AnonymousFunction or MethodKind.LocalFunction)
                    yield break;
                if (method.ReducedFrom != null)
                    method = method.ReducedFrom;
                if (method.AssociatedSymbol is IPropertySymbol or IEventSymbol)
                {
                    yield return method.AssociatedSymbol.OriginalDefinition;
                    yield break;
                }

                yield return method.OriginalDefinition;
                break;
            case IPropertySymbol or IFieldSymbol or IEventSymbol:
                yield return symbol.OriginalDefinition;
                break;
            // Namespaces, locals, parameters, labels, type parameters, discards: nothing to look up.
        }
    }

    /// <summary>Declared in the checked sources (the firmware's own code), or not a named entity at all.</summary>
    private static bool IsOwnOrLocal(ISymbol symbol)
    {
        if (symbol.Locations.Any(l => l.IsInSource))
            return true;
        return symbol.ContainingType is { } type && type.Locations.Any(l => l.IsInSource);
    }

    /// <summary>An override is fine if a member it overrides is in the list (e.g. Object.ToString).</summary>
    private bool IsAllowedAsOverride(ISymbol symbol)
    {
        for (ISymbol? s = Overridden(symbol); s != null; s = Overridden(s))
        {
            string? id = s.OriginalDefinition.GetDocumentationCommentId();
            if (id != null && _api.IsAllowed(id))
                return true;
        }

        return false;
    }

    private static ISymbol? Overridden(ISymbol symbol) => symbol switch
    {
        IMethodSymbol m => m.OverriddenMethod,
        IPropertySymbol p => p.OverriddenProperty,
        IEventSymbol e => e.OverriddenEvent,
        _ => null,
    };

    /// <summary>
    /// A member desktop declares on a base class nanoFramework lacks (desktop SerialPort.Dispose is
    /// Component.Dispose) is fine if the receiver's type, or one of its bases, declares it in the list.
    /// </summary>
    private bool IsAllowedOnReceiver(ISymbol symbol, ITypeSymbol? receiver)
    {
        if (receiver == null || symbol.ContainingType == null || symbol is ITypeSymbol)
            return false;
        string? id = symbol.GetDocumentationCommentId();
        string? declaringTypeId = symbol.ContainingType.OriginalDefinition.GetDocumentationCommentId();
        if (id == null || declaringTypeId == null)
            return false;
        string memberPart = id.Substring(declaringTypeId.Length); // ".Name(params)"
        for (var type = receiver; type != null; type = type.BaseType)
        {
            string? typeId = type.OriginalDefinition.GetDocumentationCommentId();
            if (typeId != null && _api.IsAllowed(string.Concat(id.AsSpan(0, 2), typeId.AsSpan(2), memberPart)))
                return true;
        }

        return false;
    }

    private string Explain(ISymbol symbol, string id)
    {
        if (_api.Unusable.Contains(id))
            return "declared by nanoFramework's CoreLibrary but unusable on the stable (1.x) runtime";
        if (symbol is ITypeSymbol)
            return "type not in the stable nanoFramework API";
        string? typeId = symbol.ContainingType?.OriginalDefinition.GetDocumentationCommentId();
        if (typeId == null || !_api.IsAllowed(typeId))
            return $"its type {typeId} is not in the stable nanoFramework API";
        string prefix = string.Concat(id.AsSpan(0, 2), typeId.AsSpan(2), ".", symbol.MetadataName);
        var overloads = _api.Allowed.Where(a => a == prefix || a.StartsWith(prefix + "(", StringComparison.Ordinal)).ToList();
        return overloads.Count > 0
            ? $"this overload is missing on nanoFramework, which has only {string.Join(", ", overloads)}"
            : "member not in the stable nanoFramework API";
    }

    private static string Where(SyntaxNode node)
    {
        var span = node.GetLocation().GetLineSpan();
        return $"{Path.GetFileName(span.Path)}:{span.StartLinePosition.Line + 1}";
    }

    /// <summary>
    /// The desktop framework assemblies plus System.Device.Gpio, the one desktop package the firmware
    /// core compiles against (its GpioController members must exist on nanoFramework too).
    /// </summary>
    private static readonly Lazy<IReadOnlyList<MetadataReference>> DesktopReferences = new(() =>
    {
        string tpa = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return tpa.Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is var name
                && (name.StartsWith("System.", StringComparison.Ordinal) || name is "mscorlib.dll" or "netstandard.dll"))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
    });
}

/// <summary>The outcome of one check.</summary>
/// <param name="CompilationErrors">Errors that stopped the sources from compiling as C# 7.3 on desktop.</param>
/// <param name="Violations">Symbols and language features nanoFramework does not have.</param>
/// <param name="CheckedIds">Every external documentation-comment ID that was looked up.</param>
internal sealed record ApiCheckResult(IReadOnlyList<string> CompilationErrors, IReadOnlyList<ApiViolation> Violations, IReadOnlyList<string> CheckedIds);
