using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LossGen.Analyzers.Analysis;
using LossGen.Analyzers.Roslyn;
using LossGen.Ir;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LossGen.Analyzers;

/// <summary>
/// Checks the formula of every <c>[Loss]</c> method for numerical hazards (LG1001–LG1005), role mismatches inside
/// the formula (LG2001, LG2002), a rank-1 parameter whose per-row reading is ambiguous (LG2004) and inputs whose
/// gradient is identically zero (LG3001). The formula is compiled by
/// the same parser and binder as the generator; a formula that does not compile is left to the generator's errors.
/// Each diagnostic is located on the offending subexpression inside the formula string.
/// </summary>
[DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
public sealed class LossFormulaAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        LossGenDiagnostics.UnguardedLog,
        LossGenDiagnostics.DivisionByZero,
        LossGenDiagnostics.SingularSqrt,
        LossGenDiagnostics.ExpOverflow,
        LossGenDiagnostics.StableBuiltin,
        LossGenDiagnostics.LogitsAsProbabilities,
        LossGenDiagnostics.ProbabilitiesAsLogits,
        LossGenDiagnostics.AmbiguousBroadcast,
        LossGenDiagnostics.ZeroGradient);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (LossSymbols.Create(start.Compilation) is not LossSymbols symbols) return;
            // A semantic-model action per (non-generated) tree rather than a symbol action: the generator's
            // implementation part carries [GeneratedCode], which merges into the method symbol's attributes, so the
            // driver would treat the user's own [Loss] method as generated code and skip a symbol action.
            start.RegisterSemanticModelAction(c => AnalyzeTree(c, symbols));
        });
    }

    private static void AnalyzeTree(SemanticModelAnalysisContext context, LossSymbols symbols)
    {
        SyntaxNode root = context.SemanticModel.SyntaxTree.GetRoot(context.CancellationToken);
        IEnumerable<SyntaxNode> declarations = root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax);
        foreach (MethodDeclarationSyntax syntax in declarations.OfType<MethodDeclarationSyntax>())
        {
            if (syntax.AttributeLists.Count == 0) continue;
            if (context.SemanticModel.GetDeclaredSymbol(syntax, context.CancellationToken) is not IMethodSymbol method) continue;
            if (method.PartialDefinitionPart is not null) continue; // the implementation part of a partial method
            AnalyzeMethod(context, method, syntax, symbols);
        }
    }

    private static void AnalyzeMethod(SemanticModelAnalysisContext context, IMethodSymbol method, MethodDeclarationSyntax syntax, LossSymbols symbols)
    {
        if (symbols.LossAttributeOf(method) is not AttributeData attribute || LossSymbols.FormulaOf(attribute) is not string formula) return;
        if (attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is not AttributeSyntax attributeSyntax
            || !syntax.Span.Contains(attributeSyntax.Span)) return;
        if (symbols.Declaration(method, formula) is not var (decl, precision)) return;
        if (attributeSyntax.ArgumentList?.Arguments.FirstOrDefault()?.Expression is not ExpressionSyntax argument) return;

        LossDecl linked = symbols.WithCallees(method, decl, context.SemanticModel, context.CancellationToken);
        IReadOnlyList<Finding> findings = FormulaChecker.Check(linked, linked.Callees!, precision, context.CancellationToken);
        if (findings.Count == 0) return;
        FormulaLiteral? literal = FormulaLiteral.From(argument);
        foreach (Finding f in findings)
            context.ReportDiagnostic(Diagnostic.Create(LossGenDiagnostics.For(f.Id), Locate(f, method, argument, literal), f.Message));
    }

    /// <summary>Where a finding is reported: its span in the literal, the whole argument for a non-literal formula, or the parameter.</summary>
    internal static Location Locate(Finding f, IMethodSymbol method, ExpressionSyntax argument, FormulaLiteral? literal)
    {
        if (f.Span is { } span)
            return literal?.Locate(span.Start, span.Length) ?? argument.GetLocation();
        IParameterSymbol? parameter = method.Parameters.FirstOrDefault(p => p.Name == f.Parameter);
        return parameter?.Locations.FirstOrDefault() ?? argument.GetLocation();
    }
}
