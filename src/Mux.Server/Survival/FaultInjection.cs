using System.Text;

namespace Mux.Server.Survival;

/// <summary>Where a test may make the server fail (see <see cref="FaultInjection"/>).</summary>
public enum FaultSite
{
    None,
    /// <summary>A window's reader, while it feeds output to the emulator.</summary>
    Reader,
    /// <summary>An attached client's render thread.</summary>
    Render,
    /// <summary>The accept loop, on the next connection.</summary>
    Accept,
    /// <summary>A thread of the server's own, where nothing catches it: the process cannot go on.</summary>
    Crash,
}

/// <summary>
/// A test-only trigger for the server's own faults. Armed only by <c>MUX_TEST_FAULT=site:marker</c> in the server's
/// environment at start (taken out before any window starts, and absent after the server replaces itself, so a fault
/// fires once): when a window prints the marker, the fault fires at that site. Without the variable every check is
/// one read of a field that is never set.
/// </summary>
public static class FaultInjection
{
    public const string EnvironmentVariable = "MUX_TEST_FAULT";

    /// <summary>Milliseconds the server waits before it takes in a client's terminal colours: a slow server, so a
    /// test can see that keys typed after the terminal answered never reach the program ahead of its answers.</summary>
    public const string ColorsDelayVariable = "MUX_TEST_COLORS_DELAY";

    private static int s_colorsDelayMs;

    private static int s_site;   // a FaultSite
    private static byte[] s_marker = [];
    private static int s_pending;

    /// <summary>Reads and removes the variables.</summary>
    public static void Arm()
    {
        if (Environment.GetEnvironmentVariable(ColorsDelayVariable) is { } delay)
        {
            Environment.SetEnvironmentVariable(ColorsDelayVariable, null);
            if (int.TryParse(delay, out int ms)) s_colorsDelayMs = Math.Clamp(ms, 0, 10_000);
        }
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is not { } value) return;
        Environment.SetEnvironmentVariable(EnvironmentVariable, null);
        int colon = value.IndexOf(':');
        if (colon <= 0 || !Enum.TryParse(value[..colon], ignoreCase: true, out FaultSite site)) return;
        s_marker = Encoding.UTF8.GetBytes(value[(colon + 1)..]);
        Volatile.Write(ref s_site, (int)site);
    }

    /// <summary>Called with each chunk of window output: arms the fault when the marker goes by.</summary>
    public static void SawOutput(ReadOnlySpan<byte> output)
    {
        if (Volatile.Read(ref s_site) == 0 || s_marker.Length == 0 || output.IndexOf(s_marker) < 0) return;
        if (Interlocked.Exchange(ref s_pending, 1) != 0) return;
        if (Volatile.Read(ref s_site) == (int)FaultSite.Crash && Take(FaultSite.Crash))
        {
            new Thread(() => throw new InvalidOperationException("injected fault: crash")) { IsBackground = true, Name = "fault" }.Start();
        }
    }

    /// <summary>Throws once at <paramref name="site"/> if a fault is pending there.</summary>
    public static void At(FaultSite site)
    {
        if (Volatile.Read(ref s_pending) == 0 || !Take(site)) return;
        throw new InvalidOperationException($"injected fault: {site.ToString().ToLowerInvariant()}");
    }

    /// <summary>Before a client's terminal colours are taken in: waits if a test asked for a slow server.</summary>
    public static void BeforeTerminalColors()
    {
        if (s_colorsDelayMs > 0) Thread.Sleep(s_colorsDelayMs);
    }

    private static bool Take(FaultSite site) => Interlocked.CompareExchange(ref s_site, 0, (int)site) == (int)site;
}
