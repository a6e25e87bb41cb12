using System.Linq;
using LossGen.Declarations;
using LossGen.Formula;
using LossGen.Ir;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace LossGen.Generator;

/// <summary>A source location as plain data, so that models stay equatable and hold no syntax trees.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo? From(Location? location)
    {
        if (location is null || location.SourceTree is null) return null;
        return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }
}

/// <summary>A diagnostic as plain data; reported in its own pipeline step.</summary>
internal sealed record DiagnosticInfo(string Id, string Message, LocationInfo? Location);

/// <summary>A containing type, outermost first, enough to re-open it as a partial declaration.</summary>
internal sealed record TypeModel(string Keyword, string Name, string TypeParameters);

/// <summary>A parameter of a loss method.</summary>
internal sealed record ParameterModel(
    string Name, string TypeText, string Modifiers, InputKind Kind, Role Role, double? DefaultValue, string? DefaultText);

/// <summary>
/// A [Loss] method the formula reaches through its calls (a sibling, another type's, or one in a referenced
/// assembly), with what its own calls resolve to: everything the binder inlines, as data, so that editing a callee
/// changes the caller's model and regenerates it.
/// </summary>
internal sealed record CalleeModel(string Key, string Name, string Formula, EquatableArray<InputDecl> Inputs, EquatableArray<CallLink> Calls)
{
    public CalleeDeclaration ToDeclaration() => new(Key, Name, Formula, Inputs.ToArray(), Calls.ToArray());
}

/// <summary>
/// Maps character offsets inside the formula's value to positions in the source file. Entry k is where value
/// character k starts (escape sequences included); the last entry is the end of the value.
/// </summary>
internal sealed record FormulaLocationMap(
    string FilePath, EquatableArray<int> Positions, EquatableArray<int> Lines, EquatableArray<int> Columns)
{
    public LocationInfo Locate(int start, int length)
    {
        int last = Positions.Count - 1;
        int s = System.Math.Max(0, System.Math.Min(start, last));
        int e = System.Math.Max(s, System.Math.Min(start + length, last));
        return new LocationInfo(
            FilePath,
            TextSpan.FromBounds(Positions[s], Positions[e]),
            new LinePositionSpan(new LinePosition(Lines[s], Columns[s]), new LinePosition(Lines[e], Columns[e])));
    }
}

/// <summary>
/// Everything the compile step needs to know about one [Loss] method, and nothing about where it sits in the file:
/// typing a line above the method moves its locations but leaves this model equal, so the compile step stays cached.
/// </summary>
internal sealed record LossMethodModel(
    string HintName,
    string? Namespace,
    EquatableArray<TypeModel> ContainingTypes,
    string Modifiers,
    string Accessibility,
    string MethodName,
    bool HasDocumentation,
    bool IsDouble,
    EquatableArray<ParameterModel> Parameters,
    string Formula,
    string Key,
    EquatableArray<CallLink> Calls,
    EquatableArray<CalleeModel> Callees,
    bool HasDeclarationErrors);

/// <summary>
/// Where one [Loss] method sits in its file: what the diagnostics step needs to turn formula-relative spans into
/// source locations, plus the declaration errors, which Roslyn locates directly.
/// </summary>
internal sealed record LossSite(
    string HintName,
    FormulaLocationMap? FormulaLocation,
    LocationInfo? AttributeLocation,
    EquatableArray<DiagnosticInfo> DeclarationDiagnostics)
{
    /// <summary>The source location of a formula-relative span, or the attribute when the formula is not a plain literal.</summary>
    public LocationInfo? Locate(Span span) => FormulaLocation?.Locate(span.Start, span.Length) ?? AttributeLocation;
}

/// <summary>The output of the transform: the location-free compile key beside the locations.</summary>
internal sealed record LossDeclaration(LossMethodModel Method, LossSite Site);

/// <summary>
/// The compile step's output for one method: source text (when valid) and diagnostics located inside the formula
/// string only, so that it stays equal when the method moves in its file.
/// </summary>
internal sealed record LossOutput(string HintName, string? Source, EquatableArray<FormulaDiagnostic> Diagnostics);
