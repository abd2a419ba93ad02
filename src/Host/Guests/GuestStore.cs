using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ivm.Host.Guests;

/// <summary>
/// Guest records in the data directory: guests/&lt;name&gt;.json, each replaced atomically (written to a
/// temporary file, flushed to disk, renamed over the old one) so a crash at any moment leaves either
/// the old record or the new, never a torn one. Console logs live beside them in consoles/, the
/// saved state of Suspended guests in suspended/.
/// </summary>
internal sealed class GuestStore
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly string _guests;

    public GuestStore(string dataDirectory)
    {
        _guests = Path.Combine(dataDirectory, "guests");
        ConsoleDirectory = Path.Combine(dataDirectory, "consoles");
        SuspendedDirectory = Path.Combine(dataDirectory, "suspended");
        Directory.CreateDirectory(_guests);
        Directory.CreateDirectory(ConsoleDirectory);
        Directory.CreateDirectory(SuspendedDirectory);
    }

    public string ConsoleDirectory { get; }

    public string SuspendedDirectory { get; }

    public string ConsolePath(string name) => Path.Combine(ConsoleDirectory, name + ".log");

    /// <summary>Where a Suspended guest's whole state is saved (<see cref="GuestSaveFile"/>).</summary>
    public string SavePath(string name) => Path.Combine(SuspendedDirectory, name + ".ivmsave");

    public void Save(GuestRecord record)
    {
        string path = RecordPath(record.Config.Name);
        string temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(file, record, s_json);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    public void Delete(string name)
    {
        File.Delete(RecordPath(name));
        File.Delete(ConsolePath(name));
        File.Delete(SavePath(name));
    }

    /// <summary>Every record; a file that cannot be read is reported and skipped, not fatal.</summary>
    public IEnumerable<GuestRecord> LoadAll(TextWriter errors)
    {
        foreach (string path in Directory.EnumerateFiles(_guests, "*.json").Order(StringComparer.Ordinal))
        {
            GuestRecord? record;
            try
            {
                using var file = File.OpenRead(path);
                record = JsonSerializer.Deserialize<GuestRecord>(file, s_json);
            }
            catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
            {
                errors.WriteLine($"ivm-host: skipping guest record '{path}': {e.Message}");
                continue;
            }

            if (record is null || record.Config.Name + ".json" != Path.GetFileName(path))
            {
                errors.WriteLine($"ivm-host: skipping guest record '{path}': its name does not match the file");
                continue;
            }

            yield return record;
        }
    }

    private string RecordPath(string name) => Path.Combine(_guests, name + ".json");
}
