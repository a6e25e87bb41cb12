using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LossGen.Analyzers.Analysis;
using LossGen.Analyzers.Roslyn;
using LossGen.Ir;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace LossGen.Analyzers.CodeFixes;

/// <summary>
/// A [Loss] method as the code fixes see it: its syntax, its formula literal and the findings of
/// <see cref="FormulaChecker"/>, recomputed from the current document (so fixes never trust stale diagnostics).
/// </summary>
internal sealed class FixTarget
{
    private FixTarget(MethodDeclarationSyntax syntax, IMethodSymbol method, LossSymbols symbols, LossDecl decl, Precision precision,
        IReadOnlyDictionary<string, LossDecl> siblings, ExpressionSyntax argument, FormulaLiteral? literal, SemanticModel model)
    {
        Syntax = syntax;
        Method = method;
        Symbols = symbols;
        Decl = decl;
        Precision = precision;
        Siblings = siblings;
        Argument = argument;
        Literal = literal;
        Model = model;
    }

    public MethodDeclarationSyntax Syntax { get; }
    public IMethodSymbol Method { get; }
    public LossSymbols Symbols { get; }
    public LossDecl Decl { get; }
    public Precision Precision { get; }
    public IReadOnlyDictionary<string, LossDecl> Siblings { get; }
    public ExpressionSyntax Argument { get; }
    public FormulaLiteral? Literal { get; }
    public SemanticModel Model { get; }

    public IReadOnlyList<Finding> Check(string formula, CancellationToken ct)
        => FormulaChecker.Check(Decl with { Formula = formula }, Siblings, Precision, ct);

    public TextSpan Where(Finding f) => LossFormulaAnalyzer.Locate(f, Method, Argument, Literal).SourceSpan;

    /// <summary>The finding a diagnostic was reported for, matched by ID and location.</summary>
    public Finding? FindingFor(Diagnostic diagnostic, CancellationToken ct)
        => Check(Decl.Formula, ct).FirstOrDefault(f => f.Id == diagnostic.Id && Where(f) == diagnostic.Location.SourceSpan);

    public static async Task<FixTarget?> FindAsync(Document document, TextSpan span, CancellationToken ct)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
        SemanticModel? model = await document.GetSemanticModelAsync(ct).ConfigureAwait(false);
        if (root is null || model is null) return null;
        MethodDeclarationSyntax? syntax = root.FindNode(span, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault();
        if (syntax is null || model.GetDeclaredSymbol(syntax, ct) is not IMethodSymbol method) return null;
        if (LossSymbols.Create(model.Compilation) is not LossSymbols symbols) return null;
        if (symbols.LossAttributeOf(method) is not AttributeData attribute || LossSymbols.FormulaOf(attribute) is not string formula) return null;
        if (symbols.Declaration(method, formula) is not var (decl, precision)) return null;
        if ((attribute.ApplicationSyntaxReference?.GetSyntax(ct) as AttributeSyntax)?.ArgumentList?.Arguments.FirstOrDefault()?.Expression is not ExpressionSyntax argument)
            return null;
        LossDecl linked = symbols.WithCallees(method, decl, model, ct);
        return new FixTarget(syntax, method, symbols, linked, precision, linked.Callees!, argument, FormulaLiteral.From(argument), model);
    }

    /// <summary>Source changes that give <paramref name="parameter"/>'s role attribute the new role, touching only its name.</summary>
    public List<TextChange>? RoleChanges(RoleChange change, CancellationToken ct)
    {
        ParameterSyntax? parameter = Syntax.ParameterList.Parameters.FirstOrDefault(p => p.Identifier.ValueText == change.Parameter);
        if (parameter is null) return null;
        INamedTypeSymbol? from = change.From switch { Role.Logits => Symbols.Logits, Role.Probabilities => Symbols.Probabilities, Role.Target => Symbols.Target, _ => null };
        if (from is null) return null;
        foreach (AttributeSyntax attribute in parameter.AttributeLists.SelectMany(l => l.Attributes))
        {
            ISymbol? constructor = Model.GetSymbolInfo(attribute, ct).Symbol;
            if (!SymbolEqualityComparer.Default.Equals(constructor?.ContainingType, from)) continue;
            SyntaxToken name = attribute.Name switch
            {
                IdentifierNameSyntax id => id.Identifier,
                QualifiedNameSyntax q => q.Right.Identifier,
                AliasQualifiedNameSyntax a => a.Name.Identifier,
                _ => default,
            };
            string old = change.From.ToString();
            string to = change.To.ToString();
            if (name.RawKind != 0 && name.ValueText.StartsWith(old, System.StringComparison.Ordinal))
                return [new TextChange(name.Span, to + name.ValueText.Substring(old.Length))];
            return [new TextChange(attribute.Name.Span, "global::LossGen." + to)];
        }
        return null;
    }
}
