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
    private readonly string _migrations;

    public GuestStore(string dataDirectory)
    {
        _guests = Path.Combine(dataDirectory, "guests");
        ConsoleDirectory = Path.Combine(dataDirectory, "consoles");
        SuspendedDirectory = Path.Combine(dataDirectory, "suspended");
        _migrations = Path.Combine(dataDirectory, "migrations");
        Directory.CreateDirectory(_migrations);
        Directory.CreateDirectory(_guests);
        Directory.CreateDirectory(ConsoleDirectory);
        Directory.CreateDirectory(SuspendedDirectory);
        foreach (string uncommitted in Directory.EnumerateFiles(_guests, "*.json.incoming").Concat(Directory.EnumerateFiles(_migrations, "*.arrival")))
        {
            File.Delete(uncommitted);
        }

        foreach (string arrived in Directory.EnumerateFiles(_migrations, "*.arrived").Where(path => File.GetLastWriteTimeUtc(path) < DateTime.UtcNow - ArrivalsKept))
        {
            File.Delete(arrived);
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

    /// <summary>
    /// Target, when a migration is accepted: which guest migration ID brings (migrations/ID.arrival),
    /// flushed to disk; renamed ID.arrived at the commit (like the guest's record, a rename inside
    /// the downtime). After a restart the agent still answers whether that migration committed here
    /// when its source asks, even once the guest has moved on. Uncommitted arrivals are deleted at
    /// start, committed ones after <see cref="ArrivalsKept"/>.
    /// </summary>
    public void RecordArrival(string migrationId, string name) => WriteFlushed(ArrivalPath(migrationId), name);

    public void CommitArrival(string migrationId) => File.Move(ArrivalPath(migrationId), ArrivedPath(migrationId), overwrite: true);

    public void DeleteArrival(string migrationId) => File.Delete(ArrivalPath(migrationId));

    /// <summary>The guest migration ID brought here, if it committed here.</summary>
    public string? ArrivedGuest(string migrationId) => File.Exists(ArrivedPath(migrationId)) ? File.ReadAllText(ArrivedPath(migrationId)) : null;

    public static readonly TimeSpan ArrivalsKept = TimeSpan.FromDays(30);

    /// <summary>
    /// Source, when a migration starts: where the guest is going (migrations/ID.departure), flushed
    /// to disk and deleted once the migration ends with an answer. A restarted agent that finds one
    /// does not start the guest before the target has said whether it arrived there.
    /// </summary>
    public void RecordDeparture(Departure departure) => WriteFlushed(DeparturePath(departure.MigrationId), JsonSerializer.Serialize(departure, s_json));

    public void DeleteDeparture(string migrationId) => File.Delete(DeparturePath(migrationId));

    /// <summary>Every departure left by an earlier run; one that cannot be read is reported and skipped.</summary>
    public IEnumerable<Departure> Departures(TextWriter errors)
    {
        foreach (string path in Directory.EnumerateFiles(_migrations, "*.departure").Order(StringComparer.Ordinal))
        {
            Departure? departure = null;
            try
            {
                departure = JsonSerializer.Deserialize<Departure>(File.ReadAllText(path), s_json);
            }
            catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
            {
                errors.WriteLine($"ivm-host: skipping departure record '{path}': {e.Message}");
            }

            if (departure is not null)
            {
                yield return departure;
            }
        }
    }

    private static void WriteFlushed(string path, string text)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        file.Write(System.Text.Encoding.UTF8.GetBytes(text));
        file.Flush(flushToDisk: true);
    }

    /// <summary>Migration ids name files here: 1–64 letters, digits, '-' or '_' (the controller's are GUIDs).</summary>
    public static bool IsMigrationId(string id) => id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private string ArrivalPath(string migrationId) => Path.Combine(_migrations, Checked(migrationId) + ".arrival");

    private string ArrivedPath(string migrationId) => Path.Combine(_migrations, Checked(migrationId) + ".arrived");

    private string DeparturePath(string migrationId) => Path.Combine(_migrations, Checked(migrationId) + ".departure");

    private static string Checked(string migrationId) =>
        IsMigrationId(migrationId) ? migrationId : throw new ArgumentException($"migration id '{migrationId}' is not 1-64 letters, digits, '-' or '_'");

    private string RecordPath(string name) => Path.Combine(_guests, name + ".json");

    private string PreparedPath(string name) => Path.Combine(_guests, name + ".json.incoming");
}
