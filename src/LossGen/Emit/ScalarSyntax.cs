using System.Globalization;

namespace LossGen.Emit;

/// <summary>How the element type (float or double) is spelled in emitted C#.</summary>
internal sealed class ScalarSyntax
{
    public static readonly ScalarSyntax Double = new("double", "global::System.Math", "d");
    public static readonly ScalarSyntax Single = new("float", "global::System.MathF", "f");

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

    public string PositiveInfinity => Name + ".PositiveInfinity";

    public string NegativeInfinity => Name + ".NegativeInfinity";

    public string Literal(double value)
    {
        if (double.IsPositiveInfinity(value)) return PositiveInfinity;
        if (double.IsNegativeInfinity(value)) return "(" + NegativeInfinity + ")";
        if (double.IsNaN(value)) return Name + ".NaN";
        string text = (Name == "float" ? ((float)value).ToString("R", CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture)) + _suffix;
        return value < 0 ? "(" + text + ")" : text;
    }
}
