using System.Diagnostics;
using Spectre.Console;

namespace LossGen.Samples.Shared;

/// <summary>Where scenarios report training progress.</summary>
public interface ITrainingProgress
{
    /// <summary>Starts a training run of <paramref name="steps"/> epochs (or other <paramref name="unit"/>s).</summary>
    ITrainingRun Start(string label, int steps, string unit = "epochs");
}

public interface ITrainingRun : IDisposable
{
    /// <summary>Reports that <paramref name="step"/> of the steps are done, with the current training loss.</summary>
    void Report(int step, double loss);
}

/// <summary>Live progress bars in an interactive terminal (Spectre.Console progress).</summary>
public sealed class LiveProgress(ProgressContext context) : ITrainingProgress
{
    public ITrainingRun Start(string label, int steps, string unit = "epochs") => new Run(context.AddTask(Markup.Escape(label), maxValue: steps), label);

    private sealed class Run(ProgressTask task, string label) : ITrainingRun
    {
        private long _lastUpdate;

        public void Report(int step, double loss)
        {
            // Updating the description costs a string; do it at most ~20 times a second.
            long now = Stopwatch.GetTimestamp();
            if (step < task.MaxValue && Stopwatch.GetElapsedTime(_lastUpdate, now).TotalMilliseconds < 50) return;
            _lastUpdate = now;
            task.Description = $"{Markup.Escape(label)} [grey]loss {loss:G4}[/]";
            task.Value = step;
        }

        public void Dispose()
        {
            task.Value = task.MaxValue;
            task.StopTask();
        }
    }
}

/// <summary>
/// Progress for a console that is not an interactive terminal (CI logs, pipes): one plain line per finished run,
/// no cursor movement and no redraws.
/// </summary>
public sealed class LineProgress(IAnsiConsole console) : ITrainingProgress
{
    public ITrainingRun Start(string label, int steps, string unit = "epochs") => new Run(console, label, steps, unit);

    private sealed class Run(IAnsiConsole console, string label, int steps, string unit) : ITrainingRun
    {
        private readonly long _start = Stopwatch.GetTimestamp();
        private double _loss = double.NaN;
        private int _step;

        public void Report(int step, double loss) => (_step, _loss) = (step, loss);

        public void Dispose()
            => console.MarkupLineInterpolated($"  [grey]trained[/] {label}: {_step}/{steps} {unit}, final loss {_loss:G4}, {Stopwatch.GetElapsedTime(_start).TotalSeconds:F2} s");
    }
}
