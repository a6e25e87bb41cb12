using LossGen.Training;

namespace LossGen.Tests.Training;

public class ClassWeightsTests
{
    // 10 labels over 4 classes: counts 5, 3, 2, 0 (class 3 is absent).
    private static readonly int[] Labels = [0, 1, 0, 2, 0, 1, 0, 2, 1, 0];

    [Fact]
    public void Counts_are_per_class()
    {
        Assert.Equal([5, 3, 2, 0], ClassWeights.Counts(Labels, 4));
        Assert.Equal([0, 0], ClassWeights.Counts([], 2));
    }

    [Fact]
    public void Inverse_frequency_is_n_over_count()
    {
        double[] w = ClassWeights.InverseFrequency<double>(Labels, 4);
        Assert.Equal([10.0 / 5, 10.0 / 3, 10.0 / 2, 0], w);
    }

    [Fact]
    public void Balanced_is_n_over_classes_times_count_like_scikit_learn()
    {
        // sklearn.utils.class_weight.compute_class_weight("balanced", classes=[0, 1, 2], y=[0,1,0,2,0,1,0,2,1,0])
        //   = 10 / (3 * [5, 3, 2]) = [0.6667, 1.1111, 1.6667]
        double[] w = ClassWeights.Balanced<double>(Labels, 3);
        Assert.Equal([10.0 / 15, 10.0 / 9, 10.0 / 6], w);

        // With an absent fourth class k = 4 divides every present class.
        Assert.Equal([10.0 / 20, 10.0 / 12, 10.0 / 8, 0], ClassWeights.Balanced<double>(Labels, 4));
    }

    [Fact]
    public void Balanced_weights_average_one_per_sample()
    {
        int[] labels = [0, 0, 0, 0, 0, 0, 0, 1, 2, 2];
        double[] w = ClassWeights.Balanced<double>(labels, 3);
        Assert.Equal(1.0, labels.Average(t => w[t]), 12);
        double[] inverse = ClassWeights.InverseFrequency<double>(labels, 3);
        Assert.Equal(3.0, labels.Average(t => inverse[t]), 12);
    }

    [Fact]
    public void Float_weights_are_rounded_once_from_double()
    {
        float[] w = ClassWeights.Balanced<float>(Labels, 3);
        Assert.Equal([(float)(10.0 / 15), (float)(10.0 / 9), (float)(10.0 / 6)], w);
        Assert.Equal([2f, (float)(10.0 / 3), 5f, 0f], ClassWeights.InverseFrequency<float>(Labels, 4));
    }

    [Fact]
    public void Absent_classes_take_the_given_weight()
    {
        Assert.Equal(7.0, ClassWeights.InverseFrequency(Labels, 4, absentClassWeight: 7.0)[3]);
        Assert.Equal(float.NaN, ClassWeights.Balanced(Labels, 4, absentClassWeight: float.NaN)[3]);
        // No labels at all: every class is absent.
        Assert.Equal([0.0, 0.0, 0.0], ClassWeights.Balanced<double>([], 3));
        Assert.Equal([1.0, 1.0], ClassWeights.InverseFrequency([], 2, absentClassWeight: 1.0));
    }

    [Fact]
    public void Span_overloads_write_one_weight_per_class()
    {
        Span<double> w = stackalloc double[3];
        ClassWeights.InverseFrequency(Labels, w);
        Assert.Equal([2.0, 10.0 / 3, 5.0], w.ToArray());
        ClassWeights.Balanced(Labels, w);
        Assert.Equal([10.0 / 15, 10.0 / 9, 10.0 / 6], w.ToArray());
    }

    [Fact]
    public void A_single_class_gets_weight_one_when_balanced()
    {
        Assert.Equal([1.0], ClassWeights.Balanced<double>([0, 0, 0], 1));
        Assert.Equal([1.0], ClassWeights.InverseFrequency<double>([0, 0, 0], 1));
    }

    [Fact]
    public void Invalid_arguments_throw()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ClassWeights.Balanced<double>([0, 3, 1], 3));
        Assert.Equal("labels", e.ParamName);
        Assert.Contains("labels[1] = 3", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassWeights.InverseFrequency<double>([-1], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassWeights.Counts([0], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassWeights.Balanced<float>([0], -2));
        Assert.Throws<ArgumentException>(() => ClassWeights.Balanced([0], Span<double>.Empty));
    }

    [Fact]
    public void Weights_plug_into_a_generated_weighted_loss()
    {
        // Two rows of class 0, one of class 1: balanced weights 3/4 and 3/2 make both classes count equally.
        int[] t = [0, 0, 1];
        double[] w = ClassWeights.Balanced<double>(t, 2);
        Assert.Equal([0.75, 1.5], w);
        double[] z = [2, 0, 2, 0, 0, 1];   // logits [3, 2]
        double ce0 = Math.Log(1 + Math.Exp(-2)), ce1 = Math.Log(1 + Math.Exp(-1));
        double expected = (0.75 * ce0 * 2 + 1.5 * ce1) / 3;
        double loss = TrainingLosses.WeightedCe(new System.Numerics.Tensors.ReadOnlyTensorSpan<double>(z, [3, 2]), t, w);
        Assert.Equal(expected, loss, 14);
    }
}
