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

    private static int s_site;   // a FaultSite
    private static byte[] s_marker = [];
    private static int s_pending;

    /// <summary>Reads and removes the variable.</summary>
    public static void Arm()
    {
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

    private static bool Take(FaultSite site) => Interlocked.CompareExchange(ref s_site, 0, (int)site) == (int)site;
}
