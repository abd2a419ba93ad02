using System.Globalization;

namespace Ivm.Controller;

/// <summary>
/// The controller's command line: <c>--data-dir DIR --address IP --port N [--silo-port N]
/// [--gateway-port N] [--cluster-id ID] [--heartbeat-timeout-ms N] [--storage sqlite|postgres] [--postgres CONN] [--tls-dir DIR]
/// [--otlp URL]</c>.
/// Port 0 picks a free port for the API (the controller prints the one it got).
/// </summary>
public sealed record ControllerSettings
{
    public string DataDirectory { get; init; } = "ivm-controller-data";

    public string Address { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 7300;

    public int SiloPort { get; init; } = 11111;

    public int GatewayPort { get; init; } = 30000;

    public string ClusterId { get; init; } = "ivm";

    /// <summary>A host that has not sent a heartbeat for this long is Unreachable, and so are its guests.</summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(6);

    public string Storage { get; init; } = "sqlite";

    /// <summary>With --storage postgres: the Npgsql connection string (scripts/postgres.sh prints one).</summary>
    public string? Postgres { get; init; }

    public string? TlsDirectory { get; init; }

    /// <summary>OTLP endpoint (http/protobuf) for traces and metrics; else OTEL_EXPORTER_OTLP_ENDPOINT; else none.</summary>
    public Uri? OtlpEndpoint { get; init; }

    public static ControllerSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new ControllerSettings();
        for (int i = 0; i < args.Count; i++)
        {
            string option = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{option}: needs a value");
            settings = option switch
            {
                "--data-dir" => settings with { DataDirectory = Value() },
                "--address" => settings with { Address = Value() },
                "--port" => settings with { Port = ParseInt(option, Value(), 0, 65535) },
                "--silo-port" => settings with { SiloPort = ParseInt(option, Value(), 1, 65535) },
                "--gateway-port" => settings with { GatewayPort = ParseInt(option, Value(), 1, 65535) },
                "--cluster-id" => settings with { ClusterId = Value() },
                "--heartbeat-timeout-ms" => settings with { HeartbeatTimeout = TimeSpan.FromMilliseconds(ParseInt(option, Value(), 500, 600_000)) },
                "--storage" => settings with { Storage = Value() is var storage && storage is "sqlite" or "postgres" ? storage : throw new ArgumentException($"--storage {storage}: sqlite (a file in the data directory, the default) or postgres (with --postgres)") },
                "--postgres" => settings with { Postgres = Value() },
                "--tls-dir" => settings with { TlsDirectory = Value() },
                "--otlp" => settings with { OtlpEndpoint = Ivm.Observability.Otlp.ParseEndpoint(option, Value()) },
                _ => throw new ArgumentException($"unknown option '{option}'; allowed: --data-dir, --address, --port, --silo-port, --gateway-port, --cluster-id, --heartbeat-timeout-ms, --storage, --postgres, --tls-dir, --otlp"),
            };
        }

        if (settings.Storage == "postgres" && string.IsNullOrWhiteSpace(settings.Postgres))
        {
            throw new ArgumentException("--storage postgres needs --postgres CONNECTION-STRING (e.g. Host=127.0.0.1;Username=ivm;Password=ivm;Database=ivm)");
        }

        return settings;
    }

    private static int ParseInt(string option, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{option} {text}: must be a whole number from {min} to {max}");
}
