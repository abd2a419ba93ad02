using System.Globalization;

// dotnet run -c Release --project benchmarks/Cluster.Benchmarks -- host-load [GUESTS]
// dotnet run -c Release --project benchmarks/Cluster.Benchmarks -- migration [OPTIONS]
// Real host agent processes; the figures go in docs/benchmarks.md.
switch (args)
{
    case ["host-load", .. var rest] when rest.Length <= 1:
        int count = 64;
        if (rest.Length == 1 && (!int.TryParse(rest[0], NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > 512))
        {
            Console.Error.WriteLine($"host-load: GUESTS {rest[0]}: must be a whole number from 1 to 512");
            return 2;
        }

        return await HostLoad.RunAsync(count);
    case ["migration", .. var options]:
        return await MigrationBench.RunAsync(options);
    default:
        Console.Error.WriteLine("""
            usage: host-load [GUESTS]      GUESTS counter guests on one agent (1 to 512, default 64)
                   migration [OPTIONS]     live migrations between two agents (migration --help)
            """);
        return 2;
}
