using System.Collections.Generic;
using System.Text;
using LossGen.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace LossGen.Analyzers.Roslyn;

/// <summary>
/// The formula's string literal in source: maps offsets of the formula's value to source positions (decoding
/// escapes, as the generator's FormulaLocations does) and turns formula edits into source text changes.
/// Regular, verbatim and single-line raw literals are supported; anything else (a constant, a concatenation)
/// gets diagnostics on the whole argument and no code fixes.
/// </summary>
internal sealed class FormulaLiteral
{
    private readonly int[] _positions;

    private FormulaLiteral(LiteralExpressionSyntax literal, int[] positions, SyntaxKind kind)
    {
        Literal = literal;
        _positions = positions;
        Kind = kind;
    }

    public LiteralExpressionSyntax Literal { get; }

    private SyntaxKind Kind { get; }

    private bool IsVerbatim => Literal.Token.Text.StartsWith("@", System.StringComparison.Ordinal);

    public static FormulaLiteral? From(ExpressionSyntax? expression)
    {
        if (expression is not LiteralExpressionSyntax literal) return null;
        int[]? positions = LossGen.Formula.StringLiteralOffsets.Positions(literal);
        return positions is null ? null : new FormulaLiteral(literal, positions, literal.Token.Kind());
    }

    public TextSpan Map(int start, int length)
    {
        int last = _positions.Length - 1;
        int s = System.Math.Max(0, System.Math.Min(start, last));
        int e = System.Math.Max(s, System.Math.Min(start + length, last));
        return TextSpan.FromBounds(_positions[s], _positions[e]);
    }

    public Location Locate(int start, int length) => Location.Create(Literal.SyntaxTree, Map(start, length));

    /// <summary>Source changes for formula edits; everything outside the edited ranges stays byte for byte.</summary>
    public List<TextChange>? Changes(IEnumerable<FormulaEdit> edits)
    {
        var changes = new List<TextChange>();
        foreach (FormulaEdit e in edits)
        {
            string? encoded = Encode(e.NewText);
            if (encoded is null) return null;
            changes.Add(new TextChange(Map(e.Start, e.Length), encoded));
        }
        return changes;
    }

    /// <summary>
    /// Source changes that turn <paramref name="before"/> (this literal's value) into <paramref name="after"/>, found
    /// by a character diff so that every unchanged character keeps its original spelling (escapes included).
    /// </summary>
    public List<TextChange>? Changes(string before, string after)
    {
        int prefix = 0;
        while (prefix < before.Length && prefix < after.Length && before[prefix] == after[prefix]) prefix++;
        int suffix = 0;
        while (suffix < before.Length - prefix && suffix < after.Length - prefix
               && before[before.Length - 1 - suffix] == after[after.Length - 1 - suffix]) suffix++;
        string a = before.Substring(prefix, before.Length - prefix - suffix);
        string b = after.Substring(prefix, after.Length - prefix - suffix);
        if (a.Length == 0 && b.Length == 0) return new List<TextChange>();
        if ((long)a.Length * b.Length > 4_000_000) return Changes([new FormulaEdit(prefix, a.Length, b)]);

        // Longest common subsequence of the differing middles; the gaps between matched characters become edits.
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (int i = a.Length - 1; i >= 0; i--)
            for (int j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : System.Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        var edits = new List<FormulaEdit>();
        int x = 0, y = 0, gapA = 0, gapB = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                if (x > gapA || y > gapB) edits.Add(new FormulaEdit(prefix + gapA, x - gapA, b.Substring(gapB, y - gapB)));
                x++;
                y++;
                gapA = x;
                gapB = y;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y])) y++;
            else x++;
        }
        if (x > gapA || y > gapB) edits.Add(new FormulaEdit(prefix + gapA, x - gapA, b.Substring(gapB, y - gapB)));
        return Changes(edits);
    }

    /// <summary>Writes formula text in this literal's syntax; null if the literal cannot hold it.</summary>
    private string? Encode(string value)
    {
        var sb = new StringBuilder();
        foreach (char c in value)
        {
            if (Kind == SyntaxKind.SingleLineRawStringLiteralToken)
            {
                if (c is '\n' or '\r') return null;
                sb.Append(c);
            }
            else if (IsVerbatim)
            {
                sb.Append(c == '"' ? "\"\"" : c.ToString());
            }
            else
            {
                sb.Append(c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    _ when char.IsControl(c) => "\\u" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture),
                    _ => c.ToString(),
                });
            }
        }
        return sb.ToString();
    }


}
