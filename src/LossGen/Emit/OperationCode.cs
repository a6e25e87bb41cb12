using System;
using System.Text;
using LossGen.Ir.Operations;

namespace LossGen.Emit;

/// <summary>
/// Fills in an <see cref="OperationEntry"/>'s code template (see there for the placeholders) for one element type and,
/// in vector code, one width. Runtime types are named through <see cref="RuntimeNames"/> only.
/// </summary>
internal static class OperationCode
{
    public static string Scalar(OperationEntry f, ScalarSyntax t, params string[] operands)
        => Expand(f.ScalarCode, t, null, operands);

    public static string Vector(OperationEntry f, ScalarSyntax t, VectorSyntax v, params string[] operands)
        => Expand(f.VectorCode ?? throw new InvalidOperationException($"{f.Name} has no vector code."), t, v, operands);

    private static string Expand(string template, ScalarSyntax t, VectorSyntax? v, string[] operands)
    {
        var sb = new StringBuilder(template.Length + 32);
        int i = 0;
        while (i < template.Length)
        {
            char c = template[i];
            int close = c == '{' ? template.IndexOf('}', i) : -1;
            if (close < 0)
            {
                sb.Append(c);
                i++;
                continue;
            }
            string name = template.Substring(i + 1, close - i - 1);
            sb.Append(name switch
            {
                "x" => operands[0],
                "y" => operands[1],
                "LossMath" => RuntimeNames.LossMath,
                "Math" => t.Math,
                "Vector" => (v ?? throw NoVector(name)).Api,
                "VectorType" => (v ?? throw NoVector(name)).Type,
                "0" => t.Literal(0),
                "1" => t.Literal(1),
                "-1" => t.Literal(-1),
                _ => throw new InvalidOperationException($"Unknown placeholder {{{name}}} in '{template}'."),
            });
            i = close + 1;
        }
        return sb.ToString();
    }

    private static InvalidOperationException NoVector(string placeholder)
        => new($"{{{placeholder}}} in scalar code.");
}
