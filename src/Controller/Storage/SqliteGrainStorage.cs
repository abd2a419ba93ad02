using System.Text.Json;
using Microsoft.Data.Sqlite;
using Orleans.Runtime;
using Orleans.Storage;

namespace Ivm.Controller.Storage;

/// <summary>
/// Orleans grain storage in one SQLite file: a row per grain state (JSON) with an etag checked on
/// every write, so a stale writer fails instead of overwriting. The controller's embedded default:
/// no server to install, and everything survives a restart.
/// </summary>
internal sealed class SqliteGrainStorage : IGrainStorage
{
    private readonly string _connection;

    public SqliteGrainStorage(string path)
    {
        _connection = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        using var db = Open();
        using var create = db.CreateCommand();
        create.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS grain_state (
                state_name TEXT NOT NULL, grain_id TEXT NOT NULL, etag INTEGER NOT NULL, payload TEXT NOT NULL,
                PRIMARY KEY (state_name, grain_id));
            """;
        create.ExecuteNonQuery();
    }

    private SqliteConnection Open()
    {
        var db = new SqliteConnection(_connection);
        db.Open();
        return db;
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var db = Open();
        await using var read = db.CreateCommand();
        read.CommandText = "SELECT etag, payload FROM grain_state WHERE state_name = $s AND grain_id = $g";
        read.Parameters.AddWithValue("$s", stateName);
        read.Parameters.AddWithValue("$g", grainId.ToString());
        await using var row = await read.ExecuteReaderAsync().ConfigureAwait(false);
        if (await row.ReadAsync().ConfigureAwait(false))
        {
            grainState.ETag = row.GetInt64(0).ToString(System.Globalization.CultureInfo.InvariantCulture);
            grainState.State = JsonSerializer.Deserialize<T>(row.GetString(1))!;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.ETag = null;
            grainState.State = Activator.CreateInstance<T>();
            grainState.RecordExists = false;
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        long next = grainState.ETag is null ? 1 : long.Parse(grainState.ETag, System.Globalization.CultureInfo.InvariantCulture) + 1;
        await using var db = Open();
        await using var write = db.CreateCommand();
        write.CommandText = grainState.ETag is null
            ? "INSERT INTO grain_state (state_name, grain_id, etag, payload) VALUES ($s, $g, $n, $p) ON CONFLICT DO NOTHING"
            : "UPDATE grain_state SET etag = $n, payload = $p WHERE state_name = $s AND grain_id = $g AND etag = $e";
        write.Parameters.AddWithValue("$s", stateName);
        write.Parameters.AddWithValue("$g", grainId.ToString());
        write.Parameters.AddWithValue("$n", next);
        write.Parameters.AddWithValue("$p", JsonSerializer.Serialize(grainState.State));
        write.Parameters.AddWithValue("$e", grainState.ETag ?? "");
        if (await write.ExecuteNonQueryAsync().ConfigureAwait(false) != 1)
        {
            throw new InconsistentStateException($"{stateName} of {grainId} was changed by another writer", grainState.ETag ?? "", "");
        }

        grainState.ETag = next.ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var db = Open();
        await using var delete = db.CreateCommand();
        delete.CommandText = "DELETE FROM grain_state WHERE state_name = $s AND grain_id = $g";
        delete.Parameters.AddWithValue("$s", stateName);
        delete.Parameters.AddWithValue("$g", grainId.ToString());
        await delete.ExecuteNonQueryAsync().ConfigureAwait(false);
        grainState.ETag = null;
        grainState.State = Activator.CreateInstance<T>();
        grainState.RecordExists = false;
    }
}
