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

/// <summary>Another [Loss] method of the same type, which the formula may call.</summary>
internal sealed record SiblingModel(string Name, string Formula, EquatableArray<ParameterModel> Parameters);

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

/// <summary>Everything the generator needs to know about one [Loss] method.</summary>
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
    FormulaLocationMap? FormulaLocation,
    LocationInfo? AttributeLocation,
    EquatableArray<SiblingModel> Siblings,
    EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>The generator's output for one method: source text (when valid) and diagnostics.</summary>
internal sealed record LossOutput(string HintName, string? Source, EquatableArray<DiagnosticInfo> Diagnostics);
