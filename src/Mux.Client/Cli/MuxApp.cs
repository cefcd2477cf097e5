using System.Text.Json;
using Mux.Client.Attach;
using Mux.Server.Ipc;
using Mux.Server.Sessions;
using Mux.Server.Native;

namespace Mux.Client.Cli;

/// <summary>Carries out what the command line asked for.</summary>
internal static class MuxApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        Options o;
        try { o = CommandLineParser.Parse(args); }
        catch (UsageException e) { return StdIo.Fail(e.Message); }
        o.Arguments = args;

        if (o.Help) { StdIo.Out.Write(Usage.Text); return 0; }
        if (o.Version) { StdIo.Out.WriteLine("mux 0.1"); return 0; }
        if (o.SessionName is { } name && SessionName.Validate(name) is { } problem) return StdIo.Fail(problem);

        string dir = SocketDirectory.Resolve();
        try { SocketDirectory.EnsureSecure(dir, create: true); }
        catch (MuxSecurityException e) { return StdIo.Fail(e.Message); }

        if (o.WaitFor is not null) return await WaitAsync(dir, o).ConfigureAwait(false);
        if (o.List || o.Wipe) return await ListAsync(dir, o).ConfigureAwait(false);
        if (o.RemoteCommand is { } command) return await RemoteAsync(dir, o, command).ConfigureAwait(false);
        if (o.Resume || o.ResumeOrCreate || o.Share || (o.DetachOthers && !o.DetachedStart)) return await ResumeAsync(dir, o).ConfigureAwait(false);
        return await CreateAsync(dir, o).ConfigureAwait(false);
    }

    private static async Task<int> ListAsync(string dir, Options o)
    {
        var entries = await SessionCatalog.ReadAsync(dir).ConfigureAwait(false);
        if (o.Wipe)
        {
            int wiped = 0;
            foreach (var dead in entries.Where(e => e.IsDead))
            {
                try { File.Delete(dead.SocketPath); wiped++; } catch (IOException) { }
            }
            // Sessions kept only to show how their jobs ended go too.
            foreach (var done in entries.Where(e => e.Info is { Ended: true }))
            {
                try
                {
                    using var c = SessionConnection.Open(done.SocketPath);
                    c.Command("", ["quit"]);
                    wiped++;
                }
                catch (Exception e) when (e is SessionUnreachableException or SessionErrorException or IOException) { }
            }
            entries = entries.Where(e => !e.IsDead && e.Info is not { Ended: true }).ToList();
            if (wiped > 0) StdIo.Out.WriteLine($"{wiped} socket{(wiped == 1 ? "" : "s")} wiped out.");
        }
        if (o.ListJson)
        {
            StdIo.Out.WriteLine(ListingJson.Format(entries, dir));
            return 0;
        }
        if (o.Quiet) return QuietListingCode(entries);
        StdIo.Out.Write(SessionListing.Format(entries, dir, o.ListVerbose));
        return entries.Count > 0 ? 0 : 1;
    }

    /// <summary>
    /// <c>mux wait NAME</c>: blocks until the session's programs have ended, then exits with the first window's
    /// status (128+N for signal N), like a shell's <c>wait</c>. 124 on timeout, as timeout(1) does.
    /// </summary>
    private static async Task<int> WaitAsync(string dir, Options o)
    {
        var entries = await SessionCatalog.ReadAsync(dir).ConfigureAwait(false);
        var matches = SessionCatalog.Match(entries, o.WaitFor);
        if (matches.Count == 0) return StdIo.Fail($"No screen session found matching {o.WaitFor}.");
        if (matches.Count > 1) return Ambiguous(matches, o.WaitFor);
        TimeSpan? timeout = o.WaitTimeout is { } seconds ? TimeSpan.FromSeconds(Math.Max(0.001, seconds)) : null;
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var c = SessionConnection.Open(matches[0].SocketPath);
            var info = c.Wait(timeout);
            if (info is not null) return info.ExitCode;
            if (timeout is { } t && clock.Elapsed >= t)
                return StdIo.Fail($"{matches[0].Name.FileName} is still running after {o.WaitTimeout} seconds", 124);
            return StdIo.Fail($"{matches[0].Name.FileName} went away before its programs ended");
        }
        catch (Exception e) when (e is SessionUnreachableException or SessionErrorException)
        {
            return StdIo.Fail($"{matches[0].Name.FileName}: {e.Message}");
        }
    }

    private static async Task<int> RemoteAsync(string dir, Options o, string[] command)
    {
        var entries = await SessionCatalog.ReadAsync(dir).ConfigureAwait(false);
        var matches = SessionCatalog.Match(entries, o.SessionName ?? o.Target);
        if (matches.Count == 0)
            return StdIo.Fail(o.SessionName is null ? "No screen session found." : $"No screen session found matching {o.SessionName}.");
        if (matches.Count > 1) return Ambiguous(matches, o.SessionName);
        try
        {
            using var c = SessionConnection.Open(matches[0].SocketPath);
            var result = c.Command(o.Window ?? "", command, o.Query);
            if (result.Output.Length > 0) StdIo.Out.Write(result.Output);
            // Notes (something accepted but ignored) and the error, one line each: the user is told either way.
            foreach (var line in result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)) StdIo.Fail(line);
            return result.ExitCode;
        }
        catch (Exception e) when (e is SessionUnreachableException or SessionErrorException)
        {
            return StdIo.Fail($"{matches[0].Name.FileName}: {e.Message}");
        }
    }

    private static async Task<int> ResumeAsync(string dir, Options o)
    {
        if (!o.ResumeOrCreate) ClientConfig.Load(o);
        string? target = o.Target ?? o.SessionName;
        var entries = await SessionCatalog.ReadAsync(dir).ConfigureAwait(false);
        var matches = SessionCatalog.Match(entries, target);
        bool takeOver = o.DetachOthers;
        bool share = o.Share;
        // Plain -r/-R only resumes sessions nobody is attached to.
        var candidates = takeOver || share ? matches : matches.Where(e => !e.IsAttached).ToList();

        if (!o.Resume && !o.ResumeOrCreate && !share && o.DetachOthers)
        {
            // mux -d [session]: detach it from wherever it is, attach nowhere.
            if (matches.Count != 1) return matches.Count == 0 ? NoneToResume(target) : Ambiguous(matches, target);
            using var c = SessionConnection.Open(matches[0].SocketPath);
            c.Command("", ["detach"]);
            StdIo.Out.WriteLine($"[{matches[0].Name.FileName} detached.]");
            return 0;
        }
        if (candidates.Count == 0)
        {
            if (o.ResumeOrCreate)
            {
                // -R NAME creates the session it asked for, as screen does.
                if (o.SessionName is null && o.Target is { } wanted)
                {
                    if (SessionName.Validate(wanted) is { } problem) return StdIo.Fail(problem);
                    o.SessionName = wanted;
                }
                return await CreateAsync(dir, o).ConfigureAwait(false);
            }
            foreach (var attached in matches.Where(e => e.IsAttached && !o.Quiet))
                StdIo.Err.WriteLine($"There is a screen on:\n\t{attached.Name.FileName}\t(Attached)");
            return o.Quiet ? 10 : NoneToResume(target); // screen's -q -r code for nothing to resume
        }
        if (candidates.Count > 1) return Ambiguous(candidates, target);
        var mode = takeOver ? AttachMode.DetachOthers : share ? AttachMode.Shared : AttachMode.Exclusive;
        return AttachSession.Run(candidates[0].SocketPath, mode, o);
    }

    private static async Task<int> CreateAsync(string dir, Options o)
    {
        var (columns, rows) = Tty.TryGetSize(1, out int c, out int r) ? (c, r) : (80, 24);
        string name = o.SessionName ?? DefaultName();
        string[] command = o.Command;
        string? config = ClientConfig.Load(o);
        // A detached session starts at 80x24 (resize it with -X width); an attached one at the client's size
        // less the status line.
        string? log = o.Log ? o.LogFile ?? "screenlog.%n" : null;
        var (windowColumns, windowRows) = o.DetachedStart ? (80, 24) : (columns, Math.Max(1, rows - 1));
        var start = new ServerStartInfo(name, windowColumns, windowRows, SessionConnection.SafeCwd(), command, o.DetachedStart,
            log, config, o.Title, o.Scrollback, o.Term, o.Shell);
        string path;
        using var foreground = o.DetachedStart && o.StayInForeground ? ForegroundSession.Begin() : null;
        try { path = await ServerLauncher.StartAsync(dir, start, o.Arguments).ConfigureAwait(false); }
        catch (SessionErrorException e) { return StdIo.Fail(e.Message); }
        if (foreground is not null) return foreground.Run(path);
        if (o.DetachedStart) return 0;
        return AttachSession.Run(path, AttachMode.Shared, o);
    }

    /// <summary>
    /// screen's <c>-q -ls</c> answer, for scripts that test it: 9 for no session, 10 when none can be attached
    /// (dead, or attached elsewhere), 10 + N for N that can.
    /// </summary>
    private static int QuietListingCode(List<SessionEntry> entries)
    {
        if (entries.Count == 0) return 9;
        return 10 + entries.Count(e => !e.IsDead && !e.IsAttached);
    }

    private static int NoneToResume(string? target)
    {
        StdIo.Err.WriteLine(target is null ? "There is no screen to be resumed." : $"There is no screen to be resumed matching {target}.");
        return 1;
    }

    private static int Ambiguous(List<SessionEntry> matches, string? target)
    {
        StdIo.Err.WriteLine("There are several suitable screens on:");
        foreach (var m in matches) StdIo.Err.WriteLine($"\t{m.Name.FileName}\t({(m.IsAttached ? "Attached" : "Detached")})");
        StdIo.Err.WriteLine($"Type \"mux [-d] -r [pid.]name\" to resume one of them.");
        return 1;
    }

    /// <summary>screen names unnamed sessions after the terminal and host: <c>pts-3.host</c>.</summary>
    private static string DefaultName()
    {
        string host = Environment.MachineName;
        string? tty = TtyName.Of(0);
        if (tty is null) return host;
        return tty.Replace("/dev/", "", StringComparison.Ordinal).Replace('/', '-') + "." + host;
    }
}
