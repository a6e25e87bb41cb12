using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using LossGen.Formula;
using LossGen.Ir;

namespace LossGen.Analyzers.Analysis;

/// <summary>Replace <see cref="Length"/> characters of the formula at <see cref="Start"/> by <see cref="NewText"/>.</summary>
internal sealed record FormulaEdit(int Start, int Length, string NewText)
{
    public static FormulaEdit Insert(int at, string text) => new(at, 0, text);

    public static FormulaEdit Replace(Span span, string text) => new(span.Start, span.Length, text);

    /// <summary>Applies non-overlapping edits (positions refer to the original text).</summary>
    public static string Apply(string text, IEnumerable<FormulaEdit> edits)
    {
        var sb = new StringBuilder(text);
        // Later positions first; at one position, the edit listed last goes in first so the listed order is kept.
        foreach (FormulaEdit e in edits.Select((e, i) => (e, i)).OrderByDescending(x => x.e.Start).ThenByDescending(x => x.i).Select(x => x.e))
        {
            sb.Remove(e.Start, e.Length);
            sb.Insert(e.Start, e.NewText);
        }
        return sb.ToString();
    }
}

/// <summary>
/// A code fix as data: a title, an equivalence key (fixes with the same key are applied together by Fix All) and
/// either edits of the formula string or a change of a parameter's role attribute.
/// </summary>
internal sealed record FixSuggestion(string Title, string Key, ImmutableArray<FormulaEdit> Edits, RoleChange? Role = null);

/// <summary>Replace the role attribute of <see cref="Parameter"/> (e.g. [Logits]) by <see cref="To"/>.</summary>
internal sealed record RoleChange(string Parameter, Role From, Role To);

/// <summary>
/// One diagnostic of the formula analysis. <see cref="Span"/> is a range of the formula string; it is null only
/// when there is no subexpression to point at (a differentiable parameter the formula never uses), in which case
/// <see cref="Parameter"/> names the parameter to report on.
/// </summary>
internal sealed record Finding(string Id, Span? Span, string Message, ImmutableArray<FixSuggestion> Fixes, string? Parameter = null);
