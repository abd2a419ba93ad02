namespace Ivm.Controller.Grains;

/// <summary>The cluster's directory (one grain, key "cluster"): guest names with their VM numbers, and host names.</summary>
public interface IRegistryGrain : IGrainWithStringKey
{
    /// <summary>Takes <paramref name="name"/> and returns its VM number (1, 2, 3… never reused), or 0 when the name is taken.</summary>
    Task<int> Reserve(string name);

    Task Release(string name);

    Task<string[]> Guests();

    Task AddHost(string name);

    Task<string[]> Hosts();
}

[GenerateSerializer]
public sealed class RegistryState
{
    [Id(0)] public Dictionary<string, int> Guests { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public int LastVmNumber { get; set; }
    [Id(2)] public List<string> Hosts { get; set; } = [];
}

internal sealed class RegistryGrain([PersistentState("registry", "ivm")] IPersistentState<RegistryState> state) : Grain, IRegistryGrain
{
    public async Task<int> Reserve(string name)
    {
        if (state.State.Guests.ContainsKey(name))
        {
            return 0;
        }

        int number = ++state.State.LastVmNumber;
        state.State.Guests[name] = number;
        await state.WriteStateAsync();
        return number;
    }

    public async Task Release(string name)
    {
        if (state.State.Guests.Remove(name))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<string[]> Guests() => Task.FromResult(state.State.Guests.Keys.Order(StringComparer.Ordinal).ToArray());

    public async Task AddHost(string name)
    {
        if (!state.State.Hosts.Contains(name))
        {
            state.State.Hosts.Add(name);
            await state.WriteStateAsync();
        }
    }

    public Task<string[]> Hosts() => Task.FromResult(state.State.Hosts.Order(StringComparer.Ordinal).ToArray());
}
