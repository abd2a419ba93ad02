using System.CommandLine;
using System.Globalization;
using System.Text;
using Ivm.Cluster.V1;

namespace Ivm.Cli.Commands;

/// <summary>
/// <c>hpvm cluster up|down|status</c>: a local cluster on this machine — a controller and N host
/// agents, each a separate detached process with its own data directory and loopback port.
/// </summary>
public static class ClusterCommand
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);

    public static Command Create()
    {
        var command = new Command("cluster", "Set up a cluster's certificates, or run a local cluster: a controller and host agents on this machine.")
        {
            ClusterInitCommand.Create(),
            Up(),
            Down(),
            Status(),
        };
        return command;
    }

    private static Command Up()
    {
        var hosts = new Option<string?>("--hosts") { Description = "Number of host agents to start, 1 to 64 (default 3).", HelpName = "n" };
        var memory = new Option<string?>("--memory-per-host") { Description = "Memory each host offers its guests, e.g. 8G (default: the machine's memory).", HelpName = "size" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Where the controller's and hosts' data and logs go (default $IVM_HOME/cluster, IVM_HOME defaulting to ~/.ivm). Reusing it brings back the guests defined there.", HelpName = "dir" };
        var command = new Command("up", "Start a controller and host agents in the background, record them in $IVM_HOME/cluster.json, and print what was started.") { hosts, memory, dataDir };
        CommandAction.Set(command, "cluster up", async (parse, cancel) =>
        {
            int count = 3;
            if (parse.GetValue(hosts) is { } h && !(int.TryParse(h, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count is >= 1 and <= 64))
            {
                throw new CommandError($"--hosts {h}: the number of hosts must be a whole number from 1 to 64");
            }

            ulong? memoryPerHost = parse.GetValue(memory) is { } m ? SizeText.Parse("--memory-per-host", m) : null;
            string data = Path.GetFullPath(parse.GetValue(dataDir) ?? Path.Combine(ClusterRecord.Home, "cluster"));

            if (ClusterRecord.Load() is { } existing)
            {
                var alive = existing.Processes.Where(p => ClusterProcesses.IsAlive(p.Pid, p.Assembly)).ToList();
                if (alive.Count > 0)
                {
                    throw new CommandError($"a cluster is already running (controller {existing.Controller}, {alive.Count} of its processes alive, recorded in {ClusterRecord.FilePath}); stop it first with 'hpvm cluster down'");
                }

                ClusterRecord.Delete();     // a record of processes that are all gone
            }

            string controllerDll = ClusterProcesses.FindAssembly("Ivm.Controller.dll", "Controller");
            string hostDll = ClusterProcesses.FindAssembly("Ivm.Host.dll", "Host");
            Directory.CreateDirectory(data);

            var started = new List<ClusterProcess>();
            var record = new ClusterRecord { Controller = "", DataDirectory = data, StartedUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Processes = started };
            try
            {
                // Orleans' silo and gateway ports are fixed by default; free ones let a second local
                // cluster (another IVM_HOME, a test run) coexist with this one.
                string siloPort = FreePort(), gatewayPort = FreePort();
                var controller = await StartOneAsync("controller", "controller", controllerDll, data,
                    dir => ["--data-dir", dir, "--address", "127.0.0.1", "--port", "0", "--silo-port", siloPort, "--gateway-port", gatewayPort], cancel).ConfigureAwait(false);
                started.Add(controller);
                record = record with { Controller = controller.Address! };
                record.Save();

                for (int i = 1; i <= count; i++)
                {
                    string name = $"host{i}";
                    var host = await StartOneAsync("host", name, hostDll, data, dir =>
                    [
                        "--controller", controller.Address!, "--name", name, "--data-dir", dir, "--address", "127.0.0.1", "--port", "0",
                        .. memoryPerHost is { } bytes ? new[] { "--memory", bytes.ToString(CultureInfo.InvariantCulture) } : [],
                    ], cancel).ConfigureAwait(false);
                    started.Add(host);
                    record.Save();
                }
            }
            catch (Exception e) when (e is CommandError or OperationCanceledException)
            {
                // Nothing half-started is left behind.
                foreach (var process in Enumerable.Reverse(started))
                {
                    await ClusterProcesses.StopAsync(process.Pid, process.Assembly, StopGrace).ConfigureAwait(false);
                }

                ClusterRecord.Delete();
                throw;
            }

            string registration = await WaitRegisteredAsync(record.Controller, count, cancel).ConfigureAwait(false);
            var text = new StringBuilder();
            foreach (var p in started)
            {
                text.Append(CultureInfo.InvariantCulture, $"{(p.Role == "controller" ? "controller" : p.Name),-10} {p.Address,-24} pid {p.Pid,-7} log {p.Log}\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"{registration}\nRecorded in {ClusterRecord.FilePath}; hpvm commands now use the controller at {record.Controller}. Stop it all with 'hpvm cluster down'.\n");
            await Output.WriteAsync(text.ToString()).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static async Task<ClusterProcess> StartOneAsync(string role, string name, string assembly, string data, Func<string, string[]> arguments, CancellationToken cancel)
    {
        string dir = Path.Combine(data, name);
        string log = Path.Combine(data, $"{name}.log");
        Directory.CreateDirectory(dir);
        long from = ClusterProcesses.LogLength(log);
        int pid = ClusterProcesses.StartDetached(assembly, arguments(dir), log);
        string address = await ClusterProcesses.WaitListeningAsync(role == "controller" ? "the controller" : $"host agent {name}", pid, assembly, log, from, StartTimeout, cancel).ConfigureAwait(false);
        return new ClusterProcess { Role = role, Name = name, Pid = pid, Assembly = assembly, Log = log, DataDirectory = dir, Address = address };
    }

    private static string FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
    }

    // Hosts register right after they listen; waiting for it means the next 'hpvm start' finds them.
    private static async Task<string> WaitRegisteredAsync(string url, int count, CancellationToken cancel)
    {
        using var controller = ControllerConnection.Open(url);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        int up = 0;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var reply = await controller.Client.ListHostsAsync(new ListHostsRequest(), deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: cancel).ResponseAsync.ConfigureAwait(false);
                up = reply.Hosts.Count(h => h.State == HostState.Up);
                if (up >= count)
                {
                    return $"All {count} hosts registered with the controller.";
                }
            }
            catch (Grpc.Core.RpcException)
            {
                // The controller may still be settling; asked again below.
            }

            await Task.Delay(200, cancel).ConfigureAwait(false);
        }

        return $"Warning: only {up} of {count} hosts registered with the controller within 30 s; see the logs.";
    }

    private static Command Down()
    {
        var command = new Command("down", "Stop the recorded local cluster's host agents and controller (SIGTERM, then SIGKILL after 15 s) and delete the record.");
        CommandAction.Set(command, "cluster down", async (parse, cancel) =>
        {
            var record = ClusterRecord.Load() ?? throw new CommandError($"no local cluster is recorded in {ClusterRecord.FilePath}; nothing to stop");
            var text = new StringBuilder();

            // Hosts first, so none is left heartbeating to a controller that is gone.
            foreach (var p in record.Processes.OrderBy(p => p.Role == "controller" ? 1 : 0))
            {
                string how = await ClusterProcesses.StopAsync(p.Pid, p.Assembly, StopGrace).ConfigureAwait(false);
                text.Append(CultureInfo.InvariantCulture, $"{p.Name,-10} pid {p.Pid,-7} {how}\n");
            }

            ClusterRecord.Delete();
            text.Append(CultureInfo.InvariantCulture, $"Data kept in {record.DataDirectory} ('hpvm cluster up' brings its guests back).\n");
            await Output.WriteAsync(text.ToString()).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Command Status()
    {
        var command = new Command("status", "Say which processes of the local cluster are running, and the hosts the controller knows.");
        CommandAction.Set(command, "cluster status", async (parse, cancel) =>
        {
            var text = new StringBuilder();
            var record = ClusterRecord.Load();
            if (record is null)
            {
                text.Append(CultureInfo.InvariantCulture, $"No local cluster is recorded ({ClusterRecord.FilePath}); start one with 'hpvm cluster up'.\n");
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"Local cluster in {record.DataDirectory}, started {GuestText.Time(record.StartedUnixMs)}, controller {record.Controller}\n");
                foreach (var p in record.Processes)
                {
                    bool alive = ClusterProcesses.IsAlive(p.Pid, p.Assembly);
                    text.Append(CultureInfo.InvariantCulture, $"{p.Name,-10} {p.Address,-24} pid {p.Pid,-7} {(alive ? "running" : "NOT RUNNING")}  log {p.Log}\n");
                }
            }

            if (record is not null || !string.IsNullOrEmpty(parse.GetValue(ControllerConnection.Option)) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("IVM_CONTROLLER")))
            {
                using var controller = ControllerConnection.Open(parse);
                try
                {
                    var reply = await controller.CallAsync(c => c.ListHostsAsync(new ListHostsRequest(), deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: cancel)).ConfigureAwait(false);
                    text.Append('\n').Append(HostTable.Format(reply.Hosts));
                }
                catch (CommandError e)
                {
                    text.Append(CultureInfo.InvariantCulture, $"\nController: {e.Message}\n");
                }
            }

            await Output.WriteAsync(text.ToString()).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
