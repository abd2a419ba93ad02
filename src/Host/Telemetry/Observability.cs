using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Ivm.Host.Telemetry;

/// <summary>
/// OpenTelemetry set-up: the agent's own signals (<see cref="HostTelemetry"/>) and ASP.NET Core's
/// spans and request metrics for every gRPC call, exported over OTLP when an endpoint is configured
/// (--otlp, or the standard OTEL_EXPORTER_OTLP_* variables). Export intervals follow the standard
/// variables too (OTEL_METRIC_EXPORT_INTERVAL, OTEL_BSP_SCHEDULE_DELAY).
/// </summary>
internal static class Observability
{
    public static void Add(IServiceCollection services, HostSettings settings)
    {
        var endpoint = settings.OtlpEndpoint;
        bool fromEnvironment = Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT") is { Length: > 0 };
        if (endpoint is null && !fromEnvironment)
        {
            return;
        }

        void Configure(OtlpExporterOptions options, string signal)
        {
            if (endpoint is not null)
            {
                // Set in code, the endpoint is used as given: name each signal's path.
                options.Protocol = OtlpExportProtocol.HttpProtobuf;
                options.Endpoint = new Uri(endpoint, signal);
            }
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("ivm-host", serviceInstanceId: settings.Name))
            .WithTracing(tracing => tracing
                .AddSource(HostTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter(options => Configure(options, "/v1/traces")))
            .WithMetrics(metrics => metrics
                .AddMeter(HostTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter(options => Configure(options, "/v1/metrics")));
    }
}
