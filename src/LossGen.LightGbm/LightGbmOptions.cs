using System.Globalization;
using System.Text;

namespace LossGen.LightGbm;

/// <summary>
/// Training settings. The common ones are properties; any other LightGBM parameter goes into
/// <see cref="Parameters"/> (name → value, passed verbatim, overriding the properties).
/// </summary>
public sealed record LightGbmOptions
{
    /// <summary>Boosting rounds (trees per class).</summary>
    public int Rounds { get; init; } = 100;

    /// <summary>Shrinkage (<c>learning_rate</c>).</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Maximum leaves per tree (<c>num_leaves</c>).</summary>
    public int Leaves { get; init; } = 31;

    /// <summary>Minimum samples per leaf (<c>min_data_in_leaf</c>).</summary>
    public int MinSamplesPerLeaf { get; init; } = 20;

    /// <summary>Native threads (<c>num_threads</c>); 0 lets OpenMP choose.</summary>
    public int Threads { get; init; }

    /// <summary>Stop when the validation loss has not improved for this many rounds, and keep the best round. Needs a validation set.</summary>
    public int? EarlyStoppingRounds { get; init; }

    /// <summary>Data-parallel training across processes: the cluster this process has joined.</summary>
    public LightGbmNetwork? Network { get; init; }

    /// <summary>Further LightGBM parameters, e.g. <c>["deterministic"] = "true"</c>.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    internal void Validate()
    {
        if (Rounds < 1) throw new ArgumentOutOfRangeException(nameof(Rounds), Rounds, "Rounds must be at least 1.");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate must be positive and finite.");
        if (Leaves < 2) throw new ArgumentOutOfRangeException(nameof(Leaves), Leaves, "Leaves must be at least 2.");
        if (MinSamplesPerLeaf < 0) throw new ArgumentOutOfRangeException(nameof(MinSamplesPerLeaf), MinSamplesPerLeaf, "MinSamplesPerLeaf must not be negative.");
        if (Threads < 0) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "Threads must not be negative.");
        if (EarlyStoppingRounds is < 1) throw new ArgumentOutOfRangeException(nameof(EarlyStoppingRounds), EarlyStoppingRounds, "EarlyStoppingRounds must be at least 1.");
        foreach (var (key, value) in Parameters)
        {
            if (string.IsNullOrWhiteSpace(key) || key.Any(char.IsWhiteSpace) || value is null || value.Any(char.IsWhiteSpace))
                throw new ArgumentException($"Parameter '{key}={value}' must be a name and a value without spaces.", nameof(Parameters));
        }
    }

    /// <summary>The parameter string LightGBM parses, with <paramref name="fixedParameters"/> (objective, num_class) last so nothing overrides them; a null value removes a parameter.</summary>
    internal string ToParameterString(params (string Key, string? Value)[] fixedParameters)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["learning_rate"] = LearningRate.ToString("R", CultureInfo.InvariantCulture),
            ["num_leaves"] = Leaves.ToString(CultureInfo.InvariantCulture),
            ["min_data_in_leaf"] = MinSamplesPerLeaf.ToString(CultureInfo.InvariantCulture),
            ["verbosity"] = "-1",
            ["metric"] = "None",
        };
        if (Threads > 0) all["num_threads"] = Threads.ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in Parameters) all[key] = value;
        if (Network is not null)
        {
            foreach (string pair in Network.Parameters.Split(' '))
            {
                int eq = pair.IndexOf('=');
                all[pair[..eq]] = pair[(eq + 1)..];
            }
        }
        foreach (var (key, value) in fixedParameters)
        {
            // A null value removes the parameter, leaving LightGBM's default.
            if (value is null) all.Remove(key);
            else all[key] = value;
        }
        var text = new StringBuilder();
        foreach (var (key, value) in all) text.Append(key).Append('=').Append(value).Append(' ');
        return text.ToString().TrimEnd();
    }
}

/// <summary>Reported after every boosting round.</summary>
/// <param name="Round">Rounds done so far (1-based).</param>
/// <param name="Rounds">Rounds requested.</param>
/// <param name="TrainingLoss">The objective's weighted mean per-sample loss on the training set after this round.</param>
/// <param name="ValidationLoss">The same on the validation set, when there is one.</param>
/// <param name="BestRound">The round with the lowest validation loss so far (or this round without a validation set).</param>
public readonly record struct LightGbmProgress(int Round, int Rounds, double TrainingLoss, double? ValidationLoss, int BestRound);

/// <summary>What training did: the loss after each round and where early stopping kept the model.</summary>
public sealed record LightGbmHistory(IReadOnlyList<double> TrainingLoss, IReadOnlyList<double> ValidationLoss, int BestRound, bool StoppedEarly);
