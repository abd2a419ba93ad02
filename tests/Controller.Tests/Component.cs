using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Ivm.Tests.Shared;

namespace Ivm.Controller.Tests;

/// <summary>
/// A controller or host agent as a real process (the built assembly run by dotnet), its output
/// kept for failure messages; started and restarted with the same arguments, killed as kill -9 does.
/// </summary>
internal sealed class Component : IAsyncDisposable
{
    private readonly string _assembly;
    private readonly string[] _arguments;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private Component(string assembly, string[] arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        _assembly = assembly;
        _arguments = arguments;
        _environment = environment ?? new Dictionary<string, string>();
    }

    /// <summary>The URL from its "listening on" line.</summary>
    public string Url { get; private set; } = "";

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static string Built(string project, string assembly) =>
        Path.Combine(TestDirectories.Repository, "src", project, "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", assembly);

    public static string Counter => Path.Combine(TestDirectories.Repository, "guests", "bin", "ia64", "counter", "counter");

    public static Task<Component> StartControllerAsync(string dataDirectory, params string[] options) =>
        StartControllerAsync(dataDirectory, null, options);

    public static async Task<Component> StartControllerAsync(string dataDirectory, IReadOnlyDictionary<string, string>? environment, params string[] options)
    {
        var controller = new Component(Built("Controller", "Ivm.Controller.dll"),
            ["--data-dir", dataDirectory, "--port", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--silo-port", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--gateway-port", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), .. options], environment);
        await controller.StartAsync();
        return controller;
    }

    public static async Task<Component> StartHostAsync(string dataDirectory, string name, string controller, params string[] options)
    {
        var host = new Component(Built("Host", "Ivm.Host.dll"),
            ["--data-dir", dataDirectory, "--name", name, "--port", "0", "--controller", controller, .. options]);
        await host.StartAsync();
        return host;
    }

    /// <summary>Starts (or starts again, after <see cref="KillAsync"/>) and waits for the listening line.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(_assembly);
        foreach (string argument in _arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (variable, value) in _environment)
        {
            start.Environment[variable] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is not { } line)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line);
            }

            const string Marker = "listening on ";
            int at = line.IndexOf(Marker, StringComparison.Ordinal);
            if (at >= 0 && line.StartsWith("ivm-", StringComparison.Ordinal))
            {
                listening.TrySetResult(line[(at + Marker.Length)..].Split(' ')[0]);
            }
        }

        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        var first = await Task.WhenAny(listening.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != listening.Task)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(_assembly)} did not start listening:\n{Output}");
        }

        Url = await listening.Task;
    }

    /// <summary>Ends it as kill -9 does: nothing saved, no goodbye to anyone.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
