using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Ivm.Observability;

/// <summary>
/// OpenTelemetry set-up shared by the controller and the host agents: a component's own activity
/// source and meter (both named <c>signals</c>) plus ASP.NET Core's spans and request metrics for
/// every gRPC call, exported over OTLP when an endpoint is configured (--otlp URL, http/protobuf,
/// or the standard OTEL_EXPORTER_OTLP_* variables); nothing is exported otherwise. Export intervals
/// follow the standard variables too (OTEL_METRIC_EXPORT_INTERVAL, OTEL_BSP_SCHEDULE_DELAY).
/// </summary>
public static class Otlp
{
    public static void Add(IServiceCollection services, string service, string instance, string signals, Uri? endpoint)
    {
        bool fromEnvironment = Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT") is { Length: > 0 };
        if (endpoint is null && !fromEnvironment)
        {
            return;
        }

        void Configure(OtlpExporterOptions options, string path)
        {
            if (endpoint is not null)
            {
                // Set in code, the endpoint is used as given: name each signal's path.
                options.Protocol = OtlpExportProtocol.HttpProtobuf;
                options.Endpoint = new Uri(endpoint, path);
            }
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(service, serviceInstanceId: instance))
            .WithTracing(tracing => tracing
                .AddSource(signals)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter(options => Configure(options, "/v1/traces")))
            .WithMetrics(metrics => metrics
                .AddMeter(signals)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter(options => Configure(options, "/v1/metrics")));
    }

    /// <summary>Parses an --otlp value; throws <see cref="ArgumentException"/> with one line.</summary>
    public static Uri ParseEndpoint(string option, string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ArgumentException($"{option} {text}: must be an http:// or https:// URL (e.g. http://127.0.0.1:4318)");
}
