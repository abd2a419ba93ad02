using System.Diagnostics;
using System.Text;
using Grpc.Net.Client;
using Ivm.Host.V1;

namespace Ivm.Host.Tests;

/// <summary>
/// A real host agent process (the built Ivm.Host.dll run by dotnet) on a loopback port it chose
/// itself, with a gRPC client connected to it. Its output is kept for failure messages.
/// </summary>
internal sealed class AgentProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly GrpcChannel _channel;

    private AgentProcess(Process process, string address, string dataDirectory, HttpMessageHandler? handler)
    {
        _process = process;
        Address = address;
        DataDirectory = dataDirectory;
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler });
        Client = new HostAgent.HostAgentClient(_channel);
    }

    public string Address { get; }

    public string DataDirectory { get; }

    public HostAgent.HostAgentClient Client { get; }

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

    public static Task<AgentProcess> StartAsync(string dataDirectory, string name, params string[] options) =>
        StartAsync(dataDirectory, name, handler: null, options);

    /// <summary>Starts an agent whose client connects through <paramref name="handler"/> (e.g. with a TLS client certificate).</summary>
    public static Task<AgentProcess> StartAsync(string dataDirectory, string name, HttpMessageHandler? handler, params string[] options) =>
        StartAsync(dataDirectory, name, handler, environment: null, options);

    /// <summary>Starts an agent with extra environment variables for its process.</summary>
    public static async Task<AgentProcess> StartAsync(string dataDirectory, string name, HttpMessageHandler? handler,
        IReadOnlyDictionary<string, string>? environment, params string[] options)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (variable, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[variable] = value;
        }

        foreach (string arg in (string[])[Paths.HostDll, "--port", "0", "--data-dir", dataDirectory, "--name", name, .. options])
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = new StringBuilder();
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is not { } line)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }

            const string Marker = ": listening on ";
            int at = line.IndexOf(Marker, StringComparison.Ordinal);
            if (line.StartsWith("ivm-host ", StringComparison.Ordinal) && at > 0)
            {
                listening.TrySetResult(line[(at + Marker.Length)..].Split(' ')[0]);
            }
        }

        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(30))).ConfigureAwait(false);
        if (first != listening.Task)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"the host agent did not start listening:\n{output}");
        }

        var agent = new AgentProcess(process, await listening.Task.ConfigureAwait(false), dataDirectory, handler);
        process.OutputDataReceived += (_, e) =>
        {
            lock (agent._output)
            {
                agent._output.AppendLine(e.Data);
            }
        };
        return agent;
    }

    /// <summary>CPU time the agent process has used (all its threads: guests, scheduler, gRPC).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>The agent process's resident memory.</summary>
    public long WorkingSet
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    /// <summary>Ends the agent as kill -9 does: no chance to save anything.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        _channel.Dispose();
        _process.Dispose();
    }
}
