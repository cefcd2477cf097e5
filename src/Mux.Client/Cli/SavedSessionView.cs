using System.Text;
using Mux.Protocol.Records;

namespace Mux.Client.Cli;

/// <summary>
/// <c>mux -r NAME</c> for a session that has no server any more: its saved screens, read-only, printed after a line
/// that says how it was lost (or how it ended) and when it was last seen. Printed plainly, never through a pager, so
/// it reads the same on a terminal, in a pipe and in a script's log; <c>| less</c> pages it.
/// </summary>
internal static class SavedSessionView
{
    public static int Show(SessionEntry entry, RecordStore store)
    {
        var record = entry.Record!;
        string mux = InvocationName.Name;
        string how = entry.State == SessionState.Lost
            ? $"was lost ({entry.LostReason}); last seen {SessionListing.FormatTime(entry.LastSeenUnixMs)}"
            : $"has ended ({record.Exit}); last seen {SessionListing.FormatTime(entry.LastSeenUnixMs)}";
        var sb = new StringBuilder();
        sb.Append('[').Append(record.Id).Append(' ').Append(how)
          .Append(". Its last screen, read-only; '").Append(mux).Append(" rerun ").Append(record.Name).Append("' starts it again.]\n");
        string? text = null;
        string? problem = null;
        try
        {
            if (store.Read(RecordStore.ScreensName(record.Id), 256 << 20) is { } bytes) text = SavedScreens.Decompress(bytes);
            else problem = "no screen was saved";
        }
        catch (IOException e) { problem = e.Message; }
        if (text is null && problem is null) problem = "the saved screen is damaged";
        sb.Append(text ?? "");
        StdIo.Out.Write(sb.ToString());
        StdIo.Out.Flush();
        if (problem is not null) return StdIo.Fail($"{record.Id}: {problem}");
        return 0;
    }
}
