namespace LossGen.LightGbm.Tests;

/// <summary>What the distributed test and its worker processes share: the data file format and the training options.</summary>
internal static class WorkerProtocol
{
    public static LightGbmOptions Options(int rounds) => new()
    {
        Rounds = rounds,
        Threads = 1,
        Leaves = 15,
        MinSamplesPerLeaf = 10,
        Parameters = new Dictionary<string, string> { ["boost_from_average"] = "false", ["deterministic"] = "true", ["force_row_wise"] = "true" },
    };

    /// <summary>Writes rows, columns, the row-major features and the labels, little-endian.</summary>
    public static void WriteData(string path, ReadOnlySpan<float> features, int rows, int columns, ReadOnlySpan<float> labels)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(rows);
        writer.Write(columns);
        foreach (float f in features) writer.Write(f);
        foreach (float l in labels) writer.Write(l);
    }

    public static (float[] Features, int Rows, int Columns, float[] Labels) ReadData(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        int rows = reader.ReadInt32(), columns = reader.ReadInt32();
        var features = new float[rows * columns];
        for (int i = 0; i < features.Length; i++) features[i] = reader.ReadSingle();
        var labels = new float[rows];
        for (int i = 0; i < rows; i++) labels[i] = reader.ReadSingle();
        return (features, rows, columns, labels);
    }
}
