using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ivm.Cli.Commands;

/// <summary>
/// What <c>hpvm cluster up</c> started, kept in $IVM_HOME/cluster.json (IVM_HOME defaults to ~/.ivm):
/// the controller's URL, which other hpvm commands use by default, and each process's pid and log,
/// which <c>hpvm cluster down</c> and <c>hpvm cluster status</c> use.
/// </summary>
public sealed record ClusterRecord
{
    public required string Controller { get; init; }

    public required string DataDirectory { get; init; }

    public required long StartedUnixMs { get; init; }

    public required List<ClusterProcess> Processes { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Home
    {
        get
        {
            string? home = Environment.GetEnvironmentVariable("IVM_HOME");
            return string.IsNullOrEmpty(home) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ivm") : home;
        }
    }

    public static string FilePath => Path.Combine(Home, "cluster.json");

    /// <summary>The recorded cluster, or null when there is none.</summary>
    public static ClusterRecord? Load()
    {
        string path = FilePath;
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ClusterRecord>(File.ReadAllText(path), Json)
                ?? throw new CommandError($"{path}: empty cluster record; remove it if no cluster is running");
        }
        catch (JsonException e)
        {
            throw new CommandError($"{path}: not a cluster record ({e.Message}); remove it if no cluster is running");
        }
    }

    /// <summary>Writes the record whole (a temporary file renamed over the old), never half.</summary>
    public void Save()
    {
        Directory.CreateDirectory(Home);
        string temporary = FilePath + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json) + "\n");
        File.Move(temporary, FilePath, overwrite: true);
    }

    public static void Delete()
    {
        if (File.Exists(FilePath))
        {
            File.Delete(FilePath);
        }
    }
}

/// <summary>One process of a local cluster: the controller or a host agent.</summary>
public sealed record ClusterProcess
{
    public required string Role { get; init; }                 // "controller" or "host"

    public required string Name { get; init; }

    public required int Pid { get; init; }

    public required string Assembly { get; init; }             // the .dll it runs, to tell it from a reused pid

    public required string Log { get; init; }

    public required string DataDirectory { get; init; }

    public string? Address { get; init; }
}
