using System.Globalization;

namespace LossGen.Emit;

/// <summary>How the element type (float or double) is spelled in emitted C#.</summary>
internal sealed class ScalarSyntax
{
    public static readonly ScalarSyntax Double = new("double", "Math", "d");
    public static readonly ScalarSyntax Single = new("float", "MathF", "f");

    private readonly string _suffix;

    private ScalarSyntax(string name, string math, string suffix)
    {
        Name = name;
        Math = math;
        _suffix = suffix;
    }

    public string Name { get; }

    /// <summary>The class with Exp, Log, Max, ... for this type.</summary>
    public string Math { get; }

    public bool IsSingle => Name == "float";

    public string PositiveInfinity => Name + ".PositiveInfinity";

    public string NegativeInfinity => Name + ".NegativeInfinity";

    /// <summary>
    /// The one place that prints a constant of this element type, for scalar code, vector splats and parameter
    /// defaults alike. Constants are folded in double, so the value is first rounded to the element type: a double
    /// that is finite but beyond float's range becomes <c>float.PositiveInfinity</c> (never the text "Infinityf"),
    /// NaN becomes <c>float.NaN</c>, and every negative value, −0 included, is parenthesized so that it can follow
    /// any operator. Subnormals print in round-trip form, which C# parses back to the same bits.
    /// </summary>
    public string Literal(double value)
    {
        double rounded = IsSingle ? (float)value : value;
        if (double.IsNaN(rounded)) return Name + ".NaN";
        if (double.IsPositiveInfinity(rounded)) return PositiveInfinity;
        if (double.IsNegativeInfinity(rounded)) return "(" + NegativeInfinity + ")";
        string digits = IsSingle
            ? ((float)rounded).ToString("R", CultureInfo.InvariantCulture)
            : rounded.ToString("R", CultureInfo.InvariantCulture);
        string text = digits + _suffix;
        return System.BitConverter.DoubleToInt64Bits(rounded) < 0 ? "(" + text + ")" : text;
    }
}
