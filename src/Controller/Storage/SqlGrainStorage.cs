using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using Orleans.Runtime;
using Orleans.Storage;

namespace Ivm.Controller.Storage;

/// <summary>
/// Orleans grain storage in one SQL table: a row per grain state (JSON) with an etag checked on every
/// write, so a stale writer fails instead of overwriting. SQLite (one file in the data directory,
/// the embedded default: no server) or PostgreSQL (shared by several controller silos); the SQL is
/// the same for both.
/// </summary>
internal sealed class SqlGrainStorage : IGrainStorage
{
    private readonly Func<DbConnection> _connect;
    private readonly string _cluster;

    // Rows are keyed by cluster id too: clusters sharing a database keep apart.
    private SqlGrainStorage(Func<DbConnection> connect, string cluster, string prepare)
    {
        _connect = connect;
        _cluster = cluster;
        using var db = Open();
        using var create = db.CreateCommand();
        create.CommandText = prepare + """
            CREATE TABLE IF NOT EXISTS ivm_grain_state (
                cluster_id TEXT NOT NULL, state_name TEXT NOT NULL, grain_id TEXT NOT NULL, etag BIGINT NOT NULL, payload TEXT NOT NULL,
                PRIMARY KEY (cluster_id, state_name, grain_id));
            """;
        create.ExecuteNonQuery();
    }

    public static SqlGrainStorage Sqlite(string path, string cluster) =>
        new(() => new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString()), cluster, "PRAGMA journal_mode = WAL;");

    public static SqlGrainStorage Postgres(NpgsqlDataSource source, string cluster) => new(source.CreateConnection, cluster, "");

    private DbConnection Open()
    {
        var db = _connect();
        db.Open();
        return db;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var db = Open();
        await using var read = db.CreateCommand();
        read.CommandText = "SELECT etag, payload FROM ivm_grain_state WHERE cluster_id = @c AND state_name = @s AND grain_id = @g";
        Add(read, "@c", _cluster);
        Add(read, "@s", stateName);
        Add(read, "@g", grainId.ToString());
        await using var row = await read.ExecuteReaderAsync().ConfigureAwait(false);
        if (await row.ReadAsync().ConfigureAwait(false))
        {
            grainState.ETag = row.GetInt64(0).ToString(CultureInfo.InvariantCulture);
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
        long next = grainState.ETag is null ? 1 : long.Parse(grainState.ETag, CultureInfo.InvariantCulture) + 1;
        await using var db = Open();
        await using var write = db.CreateCommand();
        write.CommandText = grainState.ETag is null
            ? "INSERT INTO ivm_grain_state (cluster_id, state_name, grain_id, etag, payload) VALUES (@c, @s, @g, @n, @p) ON CONFLICT DO NOTHING"
            : "UPDATE ivm_grain_state SET etag = @n, payload = @p WHERE cluster_id = @c AND state_name = @s AND grain_id = @g AND etag = @e";
        Add(write, "@c", _cluster);
        Add(write, "@s", stateName);
        Add(write, "@g", grainId.ToString());
        Add(write, "@n", next);
        Add(write, "@p", JsonSerializer.Serialize(grainState.State));
        if (grainState.ETag is not null)
        {
            Add(write, "@e", next - 1);
        }
        if (await write.ExecuteNonQueryAsync().ConfigureAwait(false) != 1)
        {
            throw new InconsistentStateException($"{stateName} of {grainId} was changed by another writer", grainState.ETag ?? "", "");
        }

        grainState.ETag = next.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var db = Open();
        await using var delete = db.CreateCommand();
        delete.CommandText = "DELETE FROM ivm_grain_state WHERE cluster_id = @c AND state_name = @s AND grain_id = @g";
        Add(delete, "@c", _cluster);
        Add(delete, "@s", stateName);
        Add(delete, "@g", grainId.ToString());
        await delete.ExecuteNonQueryAsync().ConfigureAwait(false);
        grainState.ETag = null;
        grainState.State = Activator.CreateInstance<T>();
        grainState.RecordExists = false;
    }
}
