using Spectre.Console;

namespace LossGen.Samples.Shared;

/// <summary>Small helpers for the result tables.</summary>
public static class Report
{
    /// <summary>A table whose first column is a left-aligned label and whose other columns are right-aligned numbers.</summary>
    public static Table Table(string title, params string[] headers)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(title)}[/]");
        for (int i = 0; i < headers.Length; i++)
        {
            var column = new TableColumn(Markup.Escape(headers[i]));
            if (i > 0) column.RightAligned();
            table.AddColumn(column);
        }
        return table;
    }

    /// <summary>Adds a row of plain (escaped) cells.</summary>
    public static void Row(this Table table, params string[] cells)
        => table.AddRow(cells.Select(c => Markup.Escape(c)).ToArray());

    public static string Pct(double fraction, int decimals = 1) => (fraction * 100).ToString("F" + decimals) + " %";

    public static string Num(double value, int decimals = 3) => value.ToString("F" + decimals);
}

/// <summary>Shuffled mini-batches of row indices, one pass per epoch.</summary>
public static class Batches
{
    public static IEnumerable<ArraySegment<int>> Shuffled(Rng rng, int rows, int batchSize)
    {
        int[] order = rng.Permutation(rows);
        for (int start = 0; start < rows; start += batchSize)
            yield return new ArraySegment<int>(order, start, Math.Min(batchSize, rows - start));
    }
}
