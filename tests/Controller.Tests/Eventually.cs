namespace Ivm.Controller.Tests;

/// <summary>Polls until a condition holds (cluster state converges asynchronously: heartbeats, host streams).</summary>
internal static class Eventually
{
    public static async Task<T> HoldsAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds:F0} s; last seen: {value}");
            }

            await Task.Delay(100);
        }
    }
}
