using System.Collections.Generic;
using System.Text;

namespace LossGen.Emit;

/// <summary>Writes indented C#. Blocks are opened and closed explicitly so the emitted nesting is always balanced.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public void Line(string line = "")
    {
        if (line.Length == 0) { _text.Append('\n'); return; }
        _text.Append(' ', _indent * 4).Append(line).Append('\n');
    }

    public void Lines(IEnumerable<string> lines)
    {
        foreach (string l in lines) Line(l);
    }

    public void Open(string header)
    {
        Line(header);
        Line("{");
        _indent++;
    }

    public void Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
    }

    public void Indent() => _indent++;

    public void Outdent() => _indent--;

    public override string ToString() => _text.ToString();
}
