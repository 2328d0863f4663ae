using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace QkdEdge.Firmware.Tests.ApiCheck;

/// <summary>
/// Language features the stable nanoFramework toolchain cannot take, refused as syntax because
/// their compiler lowering calls API outside the list (which a symbol walk over the source does not
/// see): generics, nullable value types, tuples, async/await, iterators, LINQ queries, ranges and
/// indices, dynamic, decimal, interpolated strings (lowered to String.Format overloads nanoFramework
/// lacks), lock (Monitor.Enter(Object, ref Boolean)), unsafe code, and the attribute types the
/// compiler synthesises for in-parameters, ref structs and readonly structs.
/// </summary>
internal static class LanguageFeatureRules
{
    public static void Check(SyntaxNode root, SemanticModel model, List<ApiViolation> violations)
    {
        foreach (var node in root.DescendantNodesAndSelf())
        {
            string? feature = Refused(node, model);
            if (feature != null)
            {
                var span = node.GetLocation().GetLineSpan();
                violations.Add(new ApiViolation(feature, "language feature the stable nanoFramework toolchain cannot compile or run",
                    $"{Path.GetFileName(span.Path)}:{span.StartLinePosition.Line + 1}"));
            }
        }
    }

    private static string? Refused(SyntaxNode node, SemanticModel model) => node switch
    {
        TypeParameterListSyntax => "generic declaration",
        TypeArgumentListSyntax => "generic type argument",
        NullableTypeSyntax n when model.GetTypeInfo(n).Type is { IsValueType: true } => "nullable value type (T?)",
        TupleTypeSyntax or TupleExpressionSyntax => "tuple",
        AwaitExpressionSyntax => "await",
        MethodDeclarationSyntax m when m.Modifiers.Any(SyntaxKind.AsyncKeyword) => "async method",
        LocalFunctionStatementSyntax f when f.Modifiers.Any(SyntaxKind.AsyncKeyword) => "async local function",
        AnonymousFunctionExpressionSyntax a when a.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword) => "async lambda",
        YieldStatementSyntax => "iterator (yield)",
        QueryExpressionSyntax => "LINQ query expression",
        UsingDirectiveSyntax u when u.Name?.ToString() == "System.Linq" => "using System.Linq",
        RangeExpressionSyntax => "range (..)",
        PrefixUnaryExpressionSyntax p when p.IsKind(SyntaxKind.IndexExpression) => "index from end (^)",
        IdentifierNameSyntax i when i.IsVar == false && model.GetTypeInfo(i).Type is { TypeKind: TypeKind.Dynamic } => "dynamic",
        PredefinedTypeSyntax t when t.Keyword.IsKind(SyntaxKind.DecimalKeyword) => "decimal",
        LiteralExpressionSyntax l when l.Token.Value is decimal => "decimal literal",
        InterpolatedStringExpressionSyntax => "interpolated string",
        LockStatementSyntax => "lock",
        UnsafeStatementSyntax or FixedStatementSyntax or StackAllocArrayCreationExpressionSyntax => "unsafe code",
        ParameterSyntax p when p.Modifiers.Any(SyntaxKind.InKeyword) => "in parameter",
        StructDeclarationSyntax s when s.Modifiers.Any(SyntaxKind.RefKeyword) => "ref struct",
        StructDeclarationSyntax s when s.Modifiers.Any(SyntaxKind.ReadOnlyKeyword) => "readonly struct",
        _ => null,
    };
}
