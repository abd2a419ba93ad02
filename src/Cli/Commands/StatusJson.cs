using System.Text;
using System.Text.Json;
using Ivm.Cluster.V1;

namespace Ivm.Cli.Commands;

/// <summary>
/// <c>hpvm status --json</c>: the same facts as -X for programs that prefer JSON — an array of guests,
/// or one object with -P. Sizes in bytes, times in milliseconds since the Unix epoch.
/// </summary>
public static class StatusJson
{
    public static string Format(IEnumerable<Guest> guests) => Write(json =>
    {
        json.WriteStartArray();
        foreach (var g in guests.OrderBy(g => g.VmNumber))
        {
            WriteGuest(json, g);
        }

        json.WriteEndArray();
    });

    public static string Format(Guest guest) => Write(json => WriteGuest(json, guest));

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            write(json);
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteGuest(Utf8JsonWriter json, Guest g)
    {
        var c = g.Config;
        json.WriteStartObject();
        json.WriteString("name", c.Name);
        json.WriteNumber("vmNumber", g.VmNumber);
        json.WriteString("osType", GuestText.OsType(c));
        json.WriteString("state", GuestText.StateName(g.State));
        json.WriteString("host", g.Host);
        json.WriteNumber("vcpus", c.Vcpus);
        json.WriteNumber("memoryBytes", c.MemoryBytes);
        json.WriteNumber("entitlementPercent", c.EntitlementPercent);
        json.WriteNumber("maximumPercent", GuestText.Maximum(c));
        json.WriteString("startAttribute", GuestText.StartAttribute(c.StartAttribute));
        json.WriteString("label", c.Label);
        json.WriteString("image", c.ImagePath);
        json.WriteString("pinnedHost", c.PinnedHost);
        json.WriteString("reason", g.Reason);
        if (g.HasExitStatus)
        {
            json.WriteNumber("exitStatus", g.ExitStatus);
        }
        else
        {
            json.WriteNull("exitStatus");
        }

        json.WriteNumber("instructions", g.Instructions);
        json.WriteNumber("cpuTimeMs", g.CpuTimeMs);
        json.WriteNumber("memoryUsedBytes", g.MemoryUsedBytes);
        json.WriteStartArray("history");
        foreach (var h in g.History)
        {
            json.WriteStartObject();
            json.WriteNumber("unixTimeMs", h.UnixTimeMs);
            json.WriteString("state", GuestText.StateName(h.State));
            json.WriteString("host", h.Host);
            json.WriteString("reason", h.Reason);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
