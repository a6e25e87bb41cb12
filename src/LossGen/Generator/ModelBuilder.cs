using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using LossGen.Declarations;
using LossGen.Formula;
using LossGen.Ir;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LossGen.Generator;

/// <summary>
/// The transform of the pipeline: reads a [Loss] method's symbol once and returns an equatable model that holds
/// no symbols or syntax, split into the location-free compile key and the method's site in its file. Invalid
/// declarations come back with LG0004 diagnostics in their site.
/// </summary>
internal static class ModelBuilder
{
    public const string LossAttribute = "LossGen.LossAttribute";
    private const string TargetAttribute = "LossGen.TargetAttribute";
    private const string ProbabilitiesAttribute = "LossGen.ProbabilitiesAttribute";
    private const string LogitsAttribute = "LossGen.LogitsAttribute";

    public static LossDeclaration? Build(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax syntax)
            return null;
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return Build(context, method, syntax, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A LossGen bug while reading the declaration: report LG0006 on the method and generate nothing for it.
            string formula = context.Attributes[0].ConstructorArguments.FirstOrDefault().Value as string ?? "";
            LocationInfo? at = LocationInfo.From(syntax.Identifier.GetLocation());
            FormulaDiagnostic error = LossCompiler.InternalError(formula, e, default);
            string hint = method.ToDisplayString() + ".g.cs";
            return new LossDeclaration(
                new LossMethodModel(hint, null, EquatableArray<TypeModel>.Empty, "", "", method.Name, false, false,
                    EquatableArray<ParameterModel>.Empty, formula, "", EquatableArray<CallLink>.Empty, EquatableArray<CalleeModel>.Empty,
                    HasDeclarationErrors: true),
                new LossSite(hint, null, at, new[] { new DiagnosticInfo(error.Id, error.Message, at) }.ToEquatableArray()));
        }
    }

    private static LossDeclaration Build(GeneratorAttributeSyntaxContext context, IMethodSymbol method, MethodDeclarationSyntax syntax,
        CancellationToken cancellationToken)
    {

        var diagnostics = new List<DiagnosticInfo>();
        LocationInfo? methodLocation = LocationInfo.From(syntax.Identifier.GetLocation());
        void Invalid(string message, Location? at = null) =>
            diagnostics.Add(new DiagnosticInfo(DiagnosticIds.InvalidDeclaration, message, LocationInfo.From(at) ?? methodLocation));

        AttributeData attribute = context.Attributes[0];
        string? formula = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
        var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        ExpressionSyntax? formulaSyntax = attributeSyntax?.ArgumentList?.Arguments.FirstOrDefault()?.Expression;
        LocationInfo? attributeLocation = LocationInfo.From(formulaSyntax?.GetLocation() ?? attributeSyntax?.GetLocation());
        if (formula is null)
            diagnostics.Add(new DiagnosticInfo(DiagnosticIds.InvalidDeclaration,
                "[Loss] needs the formula as a constant string, for example [Loss(\"mean((yhat - y)^2)\")]", attributeLocation ?? methodLocation));

        // The method itself.
        if (!method.IsStatic) Invalid($"'{method.Name}' must be static: a [Loss] method is a pure function of its arguments");
        if (!method.IsPartialDefinition || !syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
            Invalid(method.PartialImplementationPart is not null || syntax.Body is not null || syntax.ExpressionBody is not null
                ? $"'{method.Name}' must be a partial method declaration without a body; LossGen writes the body"
                : $"'{method.Name}' must be declared 'partial' so that LossGen can supply its body");
        if (method.IsGenericMethod) Invalid($"'{method.Name}' cannot be generic; declare one method for float and one for double");
        bool isDouble = method.ReturnType.SpecialType == SpecialType.System_Double;
        if (!isDouble && method.ReturnType.SpecialType != SpecialType.System_Single)
            Invalid($"'{method.Name}' must return float or double, not '{method.ReturnType.ToDisplayString()}'", syntax.ReturnType.GetLocation());

        // Containing types must all be partial, and the generated code must be able to re-open them.
        var types = new List<TypeModel>();
        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            bool partial = type.DeclaringSyntaxReferences.Any(r =>
                r.GetSyntax(cancellationToken) is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword));
            if (!partial)
                Invalid($"'{type.Name}' must be declared 'partial' so that LossGen can add the generated members to it",
                    type.Locations.FirstOrDefault());
            types.Insert(0, new TypeModel(TypeKeyword(type), type.Name,
                type.TypeParameters.Length == 0 ? "" : "<" + string.Join(", ", type.TypeParameters.Select(p => p.Name)) + ">"));
        }

        SpecialType element = isDouble ? SpecialType.System_Double : SpecialType.System_Single;
        var parameters = new List<ParameterModel>();
        bool validReturn = isDouble || method.ReturnType.SpecialType == SpecialType.System_Single;
        foreach (IParameterSymbol p in validReturn ? method.Parameters : [])
        {
            ParameterModel? model = BuildParameter(p, element, isDouble, (m, at) => Invalid(m, at ?? p.Locations.FirstOrDefault()));
            if (model is not null) parameters.Add(model);
        }
        ReportNameCollisions(method, diagnostics, methodLocation);

        // The callees' parameters are read with this method's precision: an overload of the other precision does not fit.
        SemanticModel semanticModel = context.SemanticModel;
        CallGraph calls = LossCallees.Collect(method, formula ?? "", semanticModel.Compilation,
            m => ReadInputs(m, element, isDouble),
            tree => tree == semanticModel.SyntaxTree ? semanticModel : semanticModel.Compilation.GetSemanticModel(tree),
            cancellationToken);

        string ns = method.ContainingNamespace.IsGlobalNamespace ? "" : method.ContainingNamespace.ToDisplayString();
        string typePath = string.Join(".", types.Select(t => t.Name + (t.TypeParameters.Length > 0 ? "`" + t.TypeParameters.Count(c => c == ',') : "")));
        string signature = string.Join(",", method.Parameters.Select(p => p.Type.ToDisplayString()));
        string hint = $"{(ns.Length > 0 ? ns + "." : "")}{typePath}.{method.Name}.{StableHash(signature):x8}.g.cs";

        var compileKey = new LossMethodModel(
            hint,
            ns.Length > 0 ? ns : null,
            types.ToEquatableArray(),
            syntax.Modifiers.ToString(),
            AccessibilityText(method.DeclaredAccessibility),
            method.Name,
            syntax.GetLeadingTrivia().Any(t => t.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) || t.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia)),
            isDouble,
            parameters.ToEquatableArray(),
            formula ?? "",
            calls.RootKey,
            calls.RootCalls.ToEquatableArray(),
            calls.Callees.Select(c => new CalleeModel(c.Key, c.Name, c.Formula, c.Inputs.ToEquatableArray(), c.Calls.ToEquatableArray())).ToEquatableArray(),
            diagnostics.Count > 0);
        var site = new LossSite(
            hint,
            formulaSyntax is null ? null : FormulaLocations.Build(formulaSyntax),
            attributeLocation,
            diagnostics.ToEquatableArray());
        return new LossDeclaration(compileKey, site);
    }

    /// <summary>A callee's parameters as the binder sees them, or null when one does not fit the caller's precision.</summary>
    private static IReadOnlyList<InputDecl>? ReadInputs(IMethodSymbol callee, SpecialType element, bool isDouble)
    {
        var inputs = new List<InputDecl>();
        bool ok = true;
        foreach (IParameterSymbol p in callee.Parameters)
        {
            if (BuildParameter(p, element, isDouble, (_, _) => ok = false) is ParameterModel pm)
                inputs.Add(new InputDecl(pm.Name, pm.Kind, pm.Role, pm.DefaultValue));
        }
        return ok ? inputs : null;
    }

    private static ParameterModel? BuildParameter(IParameterSymbol p, SpecialType element, bool isDouble, Action<string, Location?> invalid)
    {
        string t = isDouble ? "double" : "float";
        if (p.RefKind is RefKind.Ref or RefKind.Out or RefKind.RefReadOnlyParameter)
        {
            invalid($"Parameter '{p.Name}' cannot be passed by 'ref' or 'out'; inputs are read-only", null);
            return null;
        }
        if (p.IsParams)
        {
            invalid($"Parameter '{p.Name}' cannot be 'params'", null);
            return null;
        }
        InputKind? kind = null;
        string typeText = "";
        if (p.Type is INamedTypeSymbol { IsGenericType: true } named && named.TypeArguments.Length == 1)
        {
            string def = named.ConstructedFrom.ToDisplayString();
            SpecialType arg = named.TypeArguments[0].SpecialType;
            if (def == "System.ReadOnlySpan<T>" && arg == element) { kind = InputKind.Vector; typeText = $"global::System.ReadOnlySpan<{t}>"; }
            else if (def == "System.ReadOnlySpan<T>" && arg == SpecialType.System_Int32) { kind = InputKind.Labels; typeText = "global::System.ReadOnlySpan<int>"; }
            else if (def == "System.Numerics.Tensors.ReadOnlyTensorSpan<T>" && arg == element) { kind = InputKind.Matrix; typeText = $"global::System.Numerics.Tensors.ReadOnlyTensorSpan<{t}>"; }
        }
        else if (p.Type.SpecialType == element) { kind = InputKind.Scalar; typeText = t; }
        else if (p.Type.SpecialType == SpecialType.System_Int32) { kind = InputKind.IntScalar; typeText = "int"; }
        if (kind is null)
        {
            invalid($"Parameter '{p.Name}' has type '{p.Type.ToDisplayString()}', which a [Loss] method cannot take. Use ReadOnlySpan<{t}> (rank 1), " +
                    $"ReadOnlyTensorSpan<{t}> (rank 2), ReadOnlySpan<int> (labels), {t} or int (hyperparameters); all floating inputs share the return type", null);
            return null;
        }

        var roles = new List<Role>();
        foreach (AttributeData a in p.GetAttributes())
        {
            switch (a.AttributeClass?.ToDisplayString())
            {
                case TargetAttribute: roles.Add(Role.Target); break;
                case ProbabilitiesAttribute: roles.Add(Role.Probabilities); break;
                case LogitsAttribute: roles.Add(Role.Logits); break;
            }
        }
        if (roles.Count > 1)
        {
            invalid($"Parameter '{p.Name}' has more than one role attribute; choose one of [Target], [Probabilities] or [Logits]", null);
            return null;
        }
        Role role = roles.Count == 1 ? roles[0] : Role.None;
        if (role != Role.None && kind is InputKind.Scalar or InputKind.IntScalar)
        {
            invalid($"[{role}] applies to floating tensors, but '{p.Name}' is a scalar hyperparameter", null);
            return null;
        }
        if (role is Role.Probabilities or Role.Logits && kind == InputKind.Labels)
        {
            invalid($"[{role}] applies to floating tensors, but '{p.Name}' holds integer labels", null);
            return null;
        }

        double? defaultValue = null;
        string? defaultText = null;
        if (p.HasExplicitDefaultValue)
        {
            defaultValue = p.ExplicitDefaultValue switch
            {
                double d => d,
                float f => f,
                int i => i,
                _ => null,
            };
            if (defaultValue is double v)
            {
                defaultText = kind == InputKind.IntScalar
                    ? ((int)v).ToString(CultureInfo.InvariantCulture)
                    : (isDouble ? Emit.ScalarSyntax.Double : Emit.ScalarSyntax.Single).Literal(v);
            }
        }
        string modifiers = (p.ScopedKind == ScopedKind.ScopedValue && p.RefKind == RefKind.None ? "scoped " : "")
                           + (p.RefKind == RefKind.In ? "in " : "");
        return new ParameterModel(p.Name, typeText, modifiers, kind.Value, role, defaultValue, defaultText);
    }

    /// <summary>
    /// A user member with the name of a generated one clashes when it is not a method, or is a source method with
    /// the generated member's arity. (A generator never sees its own output here, so every match is the user's.)
    /// </summary>
    private static void ReportNameCollisions(IMethodSymbol method, List<DiagnosticInfo> diagnostics, LocationInfo? at)
    {
        foreach ((string suffix, int arity) in new[] { ("WithGradient", method.Parameters.Length), ("PerSample", method.Parameters.Length + 1) })
        {
            string name = method.Name + suffix;
            foreach (ISymbol member in method.ContainingType.GetMembers(name))
            {
                bool clash = member is not IMethodSymbol m || (m.DeclaringSyntaxReferences.Length > 0 && m.Parameters.Length == arity);
                if (clash)
                    diagnostics.Add(new DiagnosticInfo(DiagnosticIds.InvalidDeclaration,
                        $"'{method.ContainingType.Name}' already declares '{name}', which LossGen generates for '{method.Name}'; rename one of them", at));
            }
        }
    }

    private static string TypeKeyword(INamedTypeSymbol type) => (type.IsRecord, type.TypeKind) switch
    {
        (true, TypeKind.Struct) => "record struct",
        (true, _) => "record",
        (_, TypeKind.Struct) => "struct",
        (_, TypeKind.Interface) => "interface",
        _ => "class",
    };

    private static string AccessibilityText(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Public => "public",
        Accessibility.Internal => "internal",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };

    private static uint StableHash(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text) hash = (hash ^ c) * 16777619;
        return hash;
    }
}
