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
        foreach (string uncommitted in Directory.EnumerateFiles(_guests, "*.json.incoming"))
        {
            File.Delete(uncommitted);
        }
    }

    public string ConsoleDirectory { get; }

    public string SuspendedDirectory { get; }

    public string ConsolePath(string name) => Path.Combine(ConsoleDirectory, name + ".log");

    /// <summary>Where a Suspended guest's whole state is saved (<see cref="GuestSaveFile"/>).</summary>
    public string SavePath(string name) => Path.Combine(SuspendedDirectory, name + ".ivmsave");

    public void Save(GuestRecord record)
    {
        string path = RecordPath(record.Config.Name);
        Write(record, path + ".tmp");
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>
    /// An arriving guest's record, written and flushed to disk ahead, while its migration copies:
    /// <see cref="CommitPrepared"/> at the switch-over is then a rename, with no disk flush inside
    /// the guest's downtime. A prepared record is not a guest: a crash before the commit leaves it
    /// to be deleted at the next start.
    /// </summary>
    public void Prepare(GuestRecord record) => Write(record, PreparedPath(record.Config.Name));

    public void CommitPrepared(string name) => File.Move(PreparedPath(name), RecordPath(name), overwrite: true);

    public void DiscardPrepared(string name) => File.Delete(PreparedPath(name));

    private static void Write(GuestRecord record, string path)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        JsonSerializer.Serialize(file, record, s_json);
        file.Flush(flushToDisk: true);
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

    private string PreparedPath(string name) => Path.Combine(_guests, name + ".json.incoming");
}
