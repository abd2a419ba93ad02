using System.Globalization;
using System.Net;
using System.Text.Json;
using Npgsql;
using Orleans.Runtime;

namespace Ivm.Controller.Storage;

/// <summary>
/// Orleans cluster membership in PostgreSQL, so several controller silos form one cluster: a version
/// row per cluster and a row per silo (its entry as JSON, with an etag). Inserts and updates run in
/// a transaction that locks the version row and succeed only when the caller's table version and
/// row etag are still current — the optimistic protocol Orleans' membership relies on.
/// </summary>
internal sealed class PostgresMembershipTable(NpgsqlDataSource source, string clusterId) : IMembershipTable
{
    public async Task InitializeMembershipTable(bool tryInitTableVersion)
    {
        await using var db = await source.OpenConnectionAsync();
        await using var create = new NpgsqlCommand("""
            CREATE TABLE IF NOT EXISTS ivm_membership_version (cluster_id TEXT PRIMARY KEY, version INT NOT NULL, etag BIGINT NOT NULL);
            CREATE TABLE IF NOT EXISTS ivm_membership (cluster_id TEXT NOT NULL, silo TEXT NOT NULL, entry TEXT NOT NULL, etag BIGINT NOT NULL,
                PRIMARY KEY (cluster_id, silo));
            """, db);
        await create.ExecuteNonQueryAsync();
        if (tryInitTableVersion)
        {
            await using var init = new NpgsqlCommand(
                "INSERT INTO ivm_membership_version (cluster_id, version, etag) VALUES (@c, 0, 0) ON CONFLICT DO NOTHING", db);
            init.Parameters.AddWithValue("c", clusterId);
            await init.ExecuteNonQueryAsync();
        }
    }

    public async Task DeleteMembershipTableEntries(string clusterId)
    {
        await using var db = await source.OpenConnectionAsync();
        await using var delete = new NpgsqlCommand(
            "DELETE FROM ivm_membership WHERE cluster_id = @c; DELETE FROM ivm_membership_version WHERE cluster_id = @c", db);
        delete.Parameters.AddWithValue("c", clusterId);
        await delete.ExecuteNonQueryAsync();
    }

    public async Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate)
    {
        var all = await ReadAll();
        foreach (var (entry, _) in all.Members)
        {
            if (entry.Status == SiloStatus.Dead && entry.IAmAliveTime < beforeDate.UtcDateTime)
            {
                await using var db = await source.OpenConnectionAsync();
                await using var delete = new NpgsqlCommand("DELETE FROM ivm_membership WHERE cluster_id = @c AND silo = @s", db);
                delete.Parameters.AddWithValue("c", clusterId);
                delete.Parameters.AddWithValue("s", entry.SiloAddress.ToParsableString());
                await delete.ExecuteNonQueryAsync();
            }
        }
    }

    public Task<MembershipTableData> ReadRow(SiloAddress key) => ReadAsync(key);

    public Task<MembershipTableData> ReadAll() => ReadAsync(null);

    private async Task<MembershipTableData> ReadAsync(SiloAddress? key)
    {
        await using var db = await source.OpenConnectionAsync();
        await using var version = new NpgsqlCommand("SELECT version, etag FROM ivm_membership_version WHERE cluster_id = @c", db);
        version.Parameters.AddWithValue("c", clusterId);
        TableVersion table;
        await using (var row = await version.ExecuteReaderAsync())
        {
            table = await row.ReadAsync()
                ? new TableVersion(row.GetInt32(0), row.GetInt64(1).ToString(CultureInfo.InvariantCulture))
                : new TableVersion(0, "0");
        }

        await using var members = new NpgsqlCommand(
            "SELECT entry, etag FROM ivm_membership WHERE cluster_id = @c" + (key is null ? "" : " AND silo = @s"), db);
        members.Parameters.AddWithValue("c", clusterId);
        if (key is not null)
        {
            members.Parameters.AddWithValue("s", key.ToParsableString());
        }

        var list = new List<Tuple<MembershipEntry, string>>();
        await using (var rows = await members.ExecuteReaderAsync())
        {
            while (await rows.ReadAsync())
            {
                list.Add(Tuple.Create(StoredEntry.ToEntry(JsonSerializer.Deserialize<StoredEntry>(rows.GetString(0))!),
                    rows.GetInt64(1).ToString(CultureInfo.InvariantCulture)));
            }
        }

        return new MembershipTableData(list, table);
    }

    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion) => WriteAsync(entry, etag: null, tableVersion);

    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) => WriteAsync(entry, etag, tableVersion);

    // Under the version row's lock: the table version must be the caller's, and the silo's row must
    // be absent (insert) or still carry the caller's etag (update); then both change together.
    private async Task<bool> WriteAsync(MembershipEntry entry, string? etag, TableVersion tableVersion)
    {
        await using var db = await source.OpenConnectionAsync();
        await using var transaction = await db.BeginTransactionAsync();
        await using var version = new NpgsqlCommand("SELECT etag FROM ivm_membership_version WHERE cluster_id = @c FOR UPDATE", db, transaction);
        version.Parameters.AddWithValue("c", clusterId);
        if (await version.ExecuteScalarAsync() is not long current || current.ToString(CultureInfo.InvariantCulture) != tableVersion.VersionEtag)
        {
            return false;
        }

        string silo = entry.SiloAddress.ToParsableString();
        string json = JsonSerializer.Serialize(StoredEntry.From(entry));
        await using var write = etag is null
            ? new NpgsqlCommand("INSERT INTO ivm_membership (cluster_id, silo, entry, etag) VALUES (@c, @s, @j, 1) ON CONFLICT DO NOTHING", db, transaction)
            : new NpgsqlCommand("UPDATE ivm_membership SET entry = @j, etag = etag + 1 WHERE cluster_id = @c AND silo = @s AND etag = @e", db, transaction);
        write.Parameters.AddWithValue("c", clusterId);
        write.Parameters.AddWithValue("s", silo);
        write.Parameters.AddWithValue("j", json);
        if (etag is not null)
        {
            write.Parameters.AddWithValue("e", long.Parse(etag, CultureInfo.InvariantCulture));
        }

        if (await write.ExecuteNonQueryAsync() != 1)
        {
            return false;
        }

        await using var bump = new NpgsqlCommand(
            "UPDATE ivm_membership_version SET version = @v, etag = etag + 1 WHERE cluster_id = @c", db, transaction);
        bump.Parameters.AddWithValue("c", clusterId);
        bump.Parameters.AddWithValue("v", tableVersion.Version);
        await bump.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return true;
    }

    public async Task UpdateIAmAlive(MembershipEntry entry)
    {
        // Only the liveness time changes, without a version check (as Orleans expects).
        var row = await ReadRow(entry.SiloAddress);
        if (row.Members.Count == 0)
        {
            return;
        }

        var stored = StoredEntry.From(row.Members[0].Item1) with { IAmAliveTime = entry.IAmAliveTime };
        await using var db = await source.OpenConnectionAsync();
        await using var update = new NpgsqlCommand("UPDATE ivm_membership SET entry = @j WHERE cluster_id = @c AND silo = @s", db);
        update.Parameters.AddWithValue("c", clusterId);
        update.Parameters.AddWithValue("s", entry.SiloAddress.ToParsableString());
        update.Parameters.AddWithValue("j", JsonSerializer.Serialize(stored));
        await update.ExecuteNonQueryAsync();
    }

    // A membership entry in JSON-friendly form.
    private sealed record StoredEntry(string Silo, int Status, int ProxyPort, string HostName, string SiloName, string RoleName,
        int UpdateZone, int FaultZone, DateTime StartTime, DateTime IAmAliveTime, List<Suspicion>? Suspects)
    {
        public static StoredEntry From(MembershipEntry e) => new(
            e.SiloAddress.ToParsableString(), (int)e.Status, e.ProxyPort, e.HostName ?? "", e.SiloName ?? "", e.RoleName ?? "",
            e.UpdateZone, e.FaultZone, e.StartTime, e.IAmAliveTime,
            e.SuspectTimes?.Select(s => new Suspicion(s.Item1.ToParsableString(), s.Item2)).ToList());

        public static MembershipEntry ToEntry(StoredEntry s) => new()
        {
            SiloAddress = SiloAddress.FromParsableString(s.Silo),
            Status = (SiloStatus)s.Status,
            ProxyPort = s.ProxyPort,
            HostName = s.HostName,
            SiloName = s.SiloName,
            RoleName = s.RoleName,
            UpdateZone = s.UpdateZone,
            FaultZone = s.FaultZone,
            StartTime = s.StartTime,
            IAmAliveTime = s.IAmAliveTime,
            SuspectTimes = s.Suspects?.Select(x => Tuple.Create(SiloAddress.FromParsableString(x.Silo), x.Time)).ToList() ?? [],
        };
    }

    private sealed record Suspicion(string Silo, DateTime Time);
}
