using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LossGen.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace LossGen.Analyzers.CodeFixes;

/// <summary>
/// Code fixes for the formula diagnostics. Each fix edits only the formula string (inserting a guard, an epsilon or
/// a stable built-in) or the name of a parameter's role attribute; everything else stays byte for byte. The fixes
/// come from <see cref="FormulaChecker"/> and are offered only when the edited formula still compiles. Fix All
/// applies one kind of fix (one equivalence key) repeatedly, re-analyzing the formula between edits, so nested and
/// adjacent fixes compose.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LossFormulaCodeFixProvider)), Shared]
public sealed class LossFormulaCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticIds.UnguardedLog,
        DiagnosticIds.DivisionByZero,
        DiagnosticIds.SingularSqrt,
        DiagnosticIds.ExpOverflow,
        DiagnosticIds.StableBuiltin,
        DiagnosticIds.LogitsAsProbabilities,
        DiagnosticIds.ProbabilitiesAsLogits,
        DiagnosticIds.AmbiguousBroadcast);

    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            FixTarget? target = await FixTarget.FindAsync(context.Document, diagnostic.Location.SourceSpan, context.CancellationToken).ConfigureAwait(false);
            if (target?.FindingFor(diagnostic, context.CancellationToken) is not Finding finding) continue;
            foreach (FixSuggestion fix in finding.Fixes)
            {
                if (fix.Role is null && target.Literal is null) continue;
                Document document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create(fix.Title, ct => ApplyAsync(document, target, fix, ct), fix.Key),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> ApplyAsync(Document document, FixTarget target, FixSuggestion fix, CancellationToken ct)
    {
        List<TextChange>? changes = fix.Role is { } role ? target.RoleChanges(role, ct) : target.Literal?.Changes(fix.Edits);
        if (changes is null || changes.Count == 0) return document;
        SourceText text = await document.GetTextAsync(ct).ConfigureAwait(false);
        return document.WithText(text.WithChanges(changes));
    }

    private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        CancellationToken ct = context.CancellationToken;
        string? key = context.CodeActionEquivalenceKey;
        if (key is null) return document;
        var changes = new List<TextChange>();
        var done = new HashSet<MethodDeclarationKey>();
        foreach (Diagnostic diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            FixTarget? target = await FixTarget.FindAsync(document, diagnostic.Location.SourceSpan, ct).ConfigureAwait(false);
            if (target is null || !done.Add(new MethodDeclarationKey(target.Syntax.SpanStart))) continue;
            var ids = new HashSet<string>(diagnostics.Where(d => target.Syntax.Span.Contains(d.Location.SourceSpan)).Select(d => d.Id));
            List<TextChange>? forMethod = key == "LossGen.Role" ? RoleChanges(target, ids, ct) : FormulaChanges(target, ids, key, ct);
            if (forMethod is not null) changes.AddRange(forMethod);
        }
        if (changes.Count == 0) return document;
        SourceText text = await document.GetTextAsync(ct).ConfigureAwait(false);
        return document.WithText(text.WithChanges(changes));
    }

    private readonly record struct MethodDeclarationKey(int Start);

    /// <summary>Applies the fix with <paramref name="key"/> to one finding at a time, re-analyzing in between.</summary>
    private static List<TextChange>? FormulaChanges(FixTarget target, HashSet<string> ids, string key, CancellationToken ct)
    {
        if (target.Literal is null) return null;
        string formula = target.Decl.Formula;
        int remaining = int.MaxValue;
        for (int step = 0; step < 64; step++)
        {
            IReadOnlyList<Finding> findings = target.Check(formula, ct);
            var fixable = findings.Where(f => ids.Contains(f.Id) && f.Fixes.Any(x => x.Key == key && x.Role is null)).ToList();
            if (fixable.Count == 0 || fixable.Count >= remaining) break;
            remaining = fixable.Count;
            FixSuggestion fix = fixable[0].Fixes.First(x => x.Key == key && x.Role is null);
            formula = FormulaEdit.Apply(formula, fix.Edits);
        }
        return target.Literal.Changes(target.Decl.Formula, formula);
    }

    private static List<TextChange>? RoleChanges(FixTarget target, HashSet<string> ids, CancellationToken ct)
    {
        var changes = new List<TextChange>();
        var seen = new HashSet<string>();
        foreach (Finding f in target.Check(target.Decl.Formula, ct).Where(f => ids.Contains(f.Id)))
        {
            foreach (FixSuggestion fix in f.Fixes)
            {
                if (fix.Role is not { } role || !seen.Add(role.Parameter)) continue;
                if (target.RoleChanges(role, ct) is { } c) changes.AddRange(c);
            }
        }
        return changes;
    }
}
