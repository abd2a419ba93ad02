using System.Globalization;

namespace Ivm.Host;

/// <summary>
/// The agent's command line: <c>--data-dir DIR --port N --name NAME --address ADDR --memory SIZE
/// --cores N --default-image PATH --tls-dir DIR --otlp URL --controller URL --advertise HOST
/// --migration-encryption on|off</c>. Port 0 picks a free port (the agent prints the one it got).
/// </summary>
public sealed record HostSettings
{
    public string Name { get; init; } = Environment.MachineName;

    public string DataDirectory { get; init; } = "ivm-host-data";

    public string Address { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 7310;

    /// <summary>Cores the scheduler uses: one worker thread each; entitlement capacity is cores × 100 %.</summary>
    public int Cores { get; init; } = Environment.ProcessorCount;

    /// <summary>Memory guests may be given in total (admission control).</summary>
    public ulong MemoryBytes { get; init; } = (ulong)GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>
    /// Directory of the cluster's certificates (<c>hpvm cluster init</c>): when set, the agent serves
    /// TLS with NAME.crt and accepts only clients presenting a certificate from the cluster CA.
    /// </summary>
    public string? TlsDirectory { get; init; }

    /// <summary>
    /// The controllers to register with and heartbeat to (cluster API URLs, comma-separated on the
    /// command line: silos of one controller cluster, tried in turn when one does not answer); none:
    /// a standalone agent.
    /// </summary>
    public IReadOnlyList<Uri> Controllers { get; init; } = [];

    /// <summary>The host name or address the controller should call this agent at (default: --address).</summary>
    public string? Advertise { get; init; }

    /// <summary>
    /// OTLP endpoint (http/protobuf, e.g. http://collector:4318) for traces and metrics; when unset,
    /// the standard OTEL_EXPORTER_OTLP_ENDPOINT variable is honoured, and without either nothing is
    /// exported.
    /// </summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>
    /// Whether migration streams are sealed (AES-256-GCM, the default). Off only for measuring what
    /// the sealing costs, or on a dedicated migration network one trusts: pages then travel in
    /// clear. Both agents of a migration must agree; the target refuses a mismatch.
    /// </summary>
    public bool MigrationEncryption { get; init; } = true;

    /// <summary>The image of a guest created without one: the bundled demo guest when found.</summary>
    public string? DefaultImage { get; init; } = FindBundledCounter();

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a one-line message.</summary>
    public static HostSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new HostSettings();
        for (int i = 0; i < args.Count; i++)
        {
            string option = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{option}: needs a value");
            settings = option switch
            {
                "--name" => settings with { Name = Value() },
                "--data-dir" => settings with { DataDirectory = Value() },
                "--address" => settings with { Address = Value() },
                "--port" => settings with { Port = ParseInt(option, Value(), 0, 65535) },
                "--cores" => settings with { Cores = ParseInt(option, Value(), 1, 4096) },
                "--memory" => settings with { MemoryBytes = ParseSize(option, Value()) },
                "--default-image" => settings with { DefaultImage = Value() },
                "--tls-dir" => settings with { TlsDirectory = Value() },
                "--otlp" => settings with { OtlpEndpoint = Ivm.Observability.Otlp.ParseEndpoint(option, Value()) },
                "--controller" => settings with { Controllers = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(url => Ivm.Observability.Otlp.ParseEndpoint(option, url))] },
                "--advertise" => settings with { Advertise = Value() },
                "--migration-encryption" => settings with
                {
                    MigrationEncryption = Value() switch
                    {
                        "on" => true,
                        "off" => false,
                        var other => throw new ArgumentException($"{option} {other}: must be on or off"),
                    },
                },
                _ => throw new ArgumentException($"unknown option '{option}'; allowed: --name, --data-dir, --address, --port, --cores, --memory, --default-image, --tls-dir, --otlp, --controller, --advertise, --migration-encryption"),
            };
        }

        return settings;
    }

    private static int ParseInt(string option, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{option} {text}: must be a whole number from {min} to {max}");

    /// <summary>Bytes, with an optional K, M, G or T suffix (powers of 1024), as hpvmcreate -r takes them.</summary>
    public static ulong ParseSize(string option, string text)
    {
        ulong unit = 1;
        string digits = text;
        if (text.Length > 1 && char.ToUpperInvariant(text[^1]) is 'K' or 'M' or 'G' or 'T')
        {
            unit = char.ToUpperInvariant(text[^1]) switch { 'K' => 1UL << 10, 'M' => 1UL << 20, 'G' => 1UL << 30, _ => 1UL << 40 };
            digits = text[..^1];
        }

        return ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value) && value > 0 && value <= ulong.MaxValue / unit
            ? value * unit
            : throw new ArgumentException($"{option} {text}: must be a size in bytes, optionally with K, M, G or T (e.g. 2G)");
    }

    private static string? FindBundledCounter()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "guests", "bin", "ia64", "counter", "counter");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
