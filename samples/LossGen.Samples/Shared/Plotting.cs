using LossGen.Samples.Scenarios;
using ScottPlot;

namespace LossGen.Samples.Shared;

/// <summary>Writes a scenario's loss curves as one PNG, one panel per <see cref="CurvePanel"/> (ScottPlot 5).</summary>
public static class Plotting
{
    private const int PanelWidth = 560, PanelHeight = 420;

    public static string SaveCurves(string directory, string scenario, IReadOnlyList<CurvePanel> panels)
    {
        Directory.CreateDirectory(directory);
        string path = Path.GetFullPath(Path.Combine(directory, scenario + ".png"));
        var multiplot = new Multiplot();
        multiplot.AddPlots(panels.Count);
        int columns = Math.Min(panels.Count, 3), rows = (panels.Count + columns - 1) / columns;
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        for (int p = 0; p < panels.Count; p++)
        {
            CurvePanel panel = panels[p];
            Plot plot = multiplot.GetPlot(p);
            foreach (Curve curve in panel.Curves)
            {
                double[] x = Enumerable.Range(1, curve.Values.Count).Select(i => (double)i).ToArray();
                var line = plot.Add.ScatterLine(x, curve.Values.ToArray());
                line.LegendText = curve.Name;
                line.LineWidth = 2;
            }
            plot.Title(panel.Title, size: 14);
            plot.XLabel(panel.XLabel, size: 12);
            plot.YLabel(panel.YLabel, size: 12);
            if (panel.Curves.Count > 1) plot.ShowLegend(panel.Legend);
            else plot.HideLegend(); // the title names a lone curve
            plot.Axes.AutoScale();
        }
        multiplot.SavePng(path, PanelWidth * columns, PanelHeight * rows);
        return path;
    }
}
