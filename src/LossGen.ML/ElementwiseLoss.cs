using System.Numerics;
using Microsoft.ML.Trainers;

namespace LossGen.ML;

/// <summary>
/// The shape of the member <c>NameWithGradient</c> that LossGen generates for a loss declared as
/// <c>Name([Target] ReadOnlySpan&lt;T&gt; y, ReadOnlySpan&lt;T&gt; yhat)</c>: it returns the loss and writes
/// ∂loss/∂yhat. The method group plugs in directly.
/// </summary>
public delegate T LossWithGradient<T>(ReadOnlySpan<T> labels, ReadOnlySpan<T> predictions, Span<T> gradient);

/// <summary>
/// Adapters from an elementwise generated loss (a mean or sum of per-sample terms f(ŷ_i, y_i), with one label and
/// one prediction per sample) to ML.NET's scalar loss interfaces. ML.NET asks for one sample at a time, so the
/// adapter evaluates the generated loss and its gradient on a batch of one: for a mean or a sum that is exactly
/// f(ŷ, y) and ∂f/∂ŷ.
/// </summary>
public static class GeneratedLoss
{
    /// <summary>
    /// An <see cref="IRegressionLoss"/> (for <c>OnlineGradientDescent</c>) from a generated <c>NameWithGradient</c>,
    /// e.g. <c>GeneratedLoss.ForRegression(Losses.SquaredWithGradient)</c>.
    /// </summary>
    public static IRegressionLoss ForRegression<T>(LossWithGradient<T> lossWithGradient) where T : unmanaged, IFloatingPointIeee754<T> =>
        new Adapter<T>(lossWithGradient ?? throw new ArgumentNullException(nameof(lossWithGradient)));

    /// <summary>
    /// An <see cref="IClassificationLoss"/> (for <c>AveragedPerceptron</c>, <c>SgdNonCalibrated</c>) from a generated
    /// <c>NameWithGradient</c>. ML.NET passes binary labels as 1 (true) and 0 (false), and the prediction as the
    /// linear model's raw score.
    /// </summary>
    public static IClassificationLoss ForClassification<T>(LossWithGradient<T> lossWithGradient) where T : unmanaged, IFloatingPointIeee754<T> =>
        new Adapter<T>(lossWithGradient ?? throw new ArgumentNullException(nameof(lossWithGradient)));

    private sealed class Adapter<T>(LossWithGradient<T> lossWithGradient) : IRegressionLoss, IClassificationLoss
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // ML.NET may call from several threads (SGD's Hogwild): every call uses its own one-element buffers.
        public double Loss(float output, float label)
        {
            T y = T.CreateTruncating(label), yhat = T.CreateTruncating(output), gradient = default;
            return double.CreateTruncating(lossWithGradient(new ReadOnlySpan<T>(in y), new ReadOnlySpan<T>(in yhat), new Span<T>(ref gradient)));
        }

        public float Derivative(float output, float label)
        {
            T y = T.CreateTruncating(label), yhat = T.CreateTruncating(output), gradient = default;
            lossWithGradient(new ReadOnlySpan<T>(in y), new ReadOnlySpan<T>(in yhat), new Span<T>(ref gradient));
            return float.CreateTruncating(gradient);
        }
    }
}
