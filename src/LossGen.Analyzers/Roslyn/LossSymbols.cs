using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LossGen.Declarations;
using LossGen.Analyzers.Analysis;
using LossGen.Ir;
using Microsoft.CodeAnalysis;

namespace LossGen.Analyzers.Roslyn;

/// <summary>
/// The LossGen attribute types of one compilation, resolved once, and the mapping of a [Loss] method to the
/// <see cref="LossDecl"/> the formula compiler takes. The rules mirror the generator's ModelBuilder: a declaration it
/// would reject (LG0004) gives null here, and the analyzers then stay silent.
/// </summary>
internal sealed class LossSymbols
{
    private LossSymbols(Compilation compilation, INamedTypeSymbol loss)
    {
        Loss = loss;
        Target = compilation.GetTypeByMetadataName("LossGen.TargetAttribute");
        Probabilities = compilation.GetTypeByMetadataName("LossGen.ProbabilitiesAttribute");
        Logits = compilation.GetTypeByMetadataName("LossGen.LogitsAttribute");
        TensorSpan = compilation.GetTypeByMetadataName("System.Numerics.Tensors.ReadOnlyTensorSpan`1");
        Span = compilation.GetTypeByMetadataName("System.ReadOnlySpan`1");
    }

    public INamedTypeSymbol Loss { get; }
    public INamedTypeSymbol? Target { get; }
    public INamedTypeSymbol? Probabilities { get; }
    public INamedTypeSymbol? Logits { get; }
    private INamedTypeSymbol? TensorSpan { get; }
    private INamedTypeSymbol? Span { get; }

    public static LossSymbols? Create(Compilation compilation)
        => compilation.GetTypeByMetadataName("LossGen.LossAttribute") is { } loss ? new LossSymbols(compilation, loss) : null;

    /// <summary>The [Loss] attribute of <paramref name="method"/> (of its declaring part for partial methods).</summary>
    public AttributeData? LossAttributeOf(IMethodSymbol method)
    {
        foreach (AttributeData a in method.GetAttributes())
            if (SymbolEqualityComparer.Default.Equals(a.AttributeClass, Loss)) return a;
        return null;
    }

    public static string? FormulaOf(AttributeData attribute)
        => attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;

    /// <summary>The role an attribute list gives (None when absent), or null when it has more than one.</summary>
    public Role? RoleOf(IEnumerable<AttributeData> attributes)
    {
        Role role = Role.None;
        int count = 0;
        foreach (AttributeData a in attributes)
        {
            INamedTypeSymbol? c = a.AttributeClass;
            Role? r = Is(c, Target) ? Role.Target : Is(c, Probabilities) ? Role.Probabilities : Is(c, Logits) ? Role.Logits : null;
            if (r is null) continue;
            role = r.Value;
            count++;
        }
        return count > 1 ? null : role;
    }

    private static bool Is(INamedTypeSymbol? a, INamedTypeSymbol? b) => b is not null && SymbolEqualityComparer.Default.Equals(a, b);

    /// <summary>The declaration of a valid [Loss] method, with its precision; null for one the generator rejects.</summary>
    public (LossDecl Decl, Precision Precision)? Declaration(IMethodSymbol method, string formula)
    {
        if (!method.IsStatic || method.IsGenericMethod) return null;
        SpecialType element = method.ReturnType.SpecialType;
        if (element is not (SpecialType.System_Single or SpecialType.System_Double)) return null;
        if (Inputs(method, element) is not IReadOnlyList<InputDecl> inputs) return null;
        return (new LossDecl(method.Name, formula, inputs), element == SpecialType.System_Double ? Precision.Double : Precision.Single);
    }

    /// <summary>
    /// <paramref name="decl"/> with its calls resolved to the [Loss] methods they name (siblings, other types,
    /// referenced assemblies), by the generator's own rules (<see cref="LossCallees"/>), so that the analyzers bind
    /// the same formula as the generator.
    /// </summary>
    public LossDecl WithCallees(IMethodSymbol method, LossDecl decl, SemanticModel model, CancellationToken cancellationToken)
    {
        SpecialType element = method.ReturnType.SpecialType;
        CallGraph graph = LossCallees.Collect(method, decl.Formula, model.Compilation, m => Inputs(m, element),
            // A callee declared in another file resolves its own calls in that file's scope (its using directives).
#pragma warning disable RS1030 // Only for a callee in another file, which the analyzed model cannot see into.
            tree => tree == model.SyntaxTree ? model : model.Compilation.GetSemanticModel(tree),
#pragma warning restore RS1030
            cancellationToken);
        return graph.Link(decl);
    }

    private IReadOnlyList<InputDecl>? Inputs(IMethodSymbol method, SpecialType element)
    {
        var inputs = new List<InputDecl>();
        foreach (IParameterSymbol p in method.Parameters)
        {
            if (Input(p, element) is not InputDecl input) return null;
            inputs.Add(input);
        }
        return inputs;
    }

    private InputDecl? Input(IParameterSymbol p, SpecialType element)
    {
        if (p.RefKind is RefKind.Ref or RefKind.Out or RefKind.RefReadOnlyParameter || p.IsParams) return null;
        InputKind? kind = null;
        if (p.Type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named)
        {
            SpecialType arg = named.TypeArguments[0].SpecialType;
            if (Is(named.ConstructedFrom, Span) && arg == element) kind = InputKind.Vector;
            else if (Is(named.ConstructedFrom, Span) && arg == SpecialType.System_Int32) kind = InputKind.Labels;
            else if (Is(named.ConstructedFrom, TensorSpan) && arg == element) kind = InputKind.Matrix;
        }
        else if (p.Type.SpecialType == element) kind = InputKind.Scalar;
        else if (p.Type.SpecialType == SpecialType.System_Int32) kind = InputKind.IntScalar;
        if (kind is null) return null;
        if (RoleOf(p.GetAttributes()) is not Role role) return null;
        if (role != Role.None && kind is InputKind.Scalar or InputKind.IntScalar) return null;
        if (role is Role.Probabilities or Role.Logits && kind == InputKind.Labels) return null;
        double? defaultValue = p.HasExplicitDefaultValue
            ? p.ExplicitDefaultValue switch { double d => d, float f => f, int i => i, _ => null }
            : null;
        return new InputDecl(p.Name, kind.Value, role, defaultValue);
    }
}
